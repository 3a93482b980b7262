// Issue 22's face check: the bureau requires one for a class; a worker on
// a phone without passkeys gives the separate consent, passes the check
// on the provider's page (a local stand-in, end2end/support/
// face_provider.py), comes back to the check-in page and confirms.
import { expect, hydrated, test } from "./fixtures";
import { apiOf, fuzhouStaff, idNumber, oneSessionClass, passwordWorker } from "./support";

test("a class that asks for a face check: consent, the provider's page, back, and confirmed", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_FACE_CODE;
  expect(provinceCode, "scripts/e2e.sh creates a province account for the face check").toBeTruthy();
  const { clerk, clerkContext, bureau, bureauContext, courseId, level } = await fuzhouStaff(
    browser,
    origin,
    "fj-face",
    provinceCode!,
    "face",
  );
  const applied = await clerk.post("/api/v1/classes", oneSessionClass(courseId, level, 5, 95));
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });

  // The bureau requires the face check on the class page, with a reason.
  const desk = await bureauContext.newPage();
  await desk.goto(`/classes/${applied.id}`);
  const rule = desk.locator("[data-face-check-rule]");
  await rule.getByLabel("理由（记入历史）").fill("抽查发现代签");
  await rule.getByRole("button", { name: "要求本班签到进行人脸核验" }).click();
  await expect(desk.locator("[data-face-check-required]")).toBeVisible();
  await expect(desk.locator(".history")).toContainText("要求人脸核验：抽查发现代签");

  const { context, phone } = await passwordWorker(browser, idNumber(801), "13800138008");
  await apiOf(context.request, origin).post(`/api/v1/classes/${applied.id}/enrolments`, {});
  const screen = await clerkContext.newPage();
  await screen.goto(`/sessions/${applied.sessions[0].id}/screen`);
  await expect(screen.locator("[data-code]")).toHaveAttribute("data-url", /\/c\//);
  await phone.goto((await screen.locator("[data-code]").getAttribute("data-url"))!);
  await hydrated(phone);

  // Confirming waits for the face check; the consent comes first.
  const face = phone.locator("section[data-face-check]");
  await expect(phone.locator('[data-confirm="session"]')).toBeHidden();
  await face.locator("[data-face-consent]").check();
  await face.getByRole("button", { name: "开始人脸核验" }).click();
  // A step of this site says where the worker goes, then links there.
  await phone.getByRole("link", { name: "前往人脸核验" }).click();
  await expect(phone.getByRole("heading", { name: "模拟人脸核验服务（测试用）" })).toBeVisible();
  await expect(phone.getByText("吴七，请正对镜头。")).toBeVisible();
  await phone.getByRole("button", { name: "完成核验" }).click();

  await expect(phone).toHaveURL(/\/c\/.+face=/);
  await hydrated(phone);
  await expect(phone.locator('[data-face-check="passed"]')).toContainText("人脸核验已通过");
  await phone.getByText(/没有通行密钥/).click();
  await phone.getByRole("button", { name: "确认", exact: true }).click();
  await expect(phone.locator("[data-result]")).toContainText("签到成功");
  const roster = await clerk.get(`/api/v1/sessions/${applied.sessions[0].id}/roster`);
  expect(roster.entries[0].check_in.assurance).toBe("password");

  // The consent shows on the account page, where it can be withdrawn.
  await phone.goto("/account");
  await expect(phone.locator("[data-face-consent-since=true]")).toContainText("人脸核验同意");
  await phone.getByRole("button", { name: "撤回同意" }).click();
  await expect(phone.locator("[data-face-consent-since=false]")).toBeVisible();
});
