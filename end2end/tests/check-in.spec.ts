import { expect, hydrated, test } from "./fixtures";
import { fuzhouStaff, oneSessionClass, registeredWorker } from "./support";

test("the classroom shows a rotating code, a worker checks in with a passkey and the roster shows it", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_CLASSES_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the second province account").toBeTruthy();
  const { clerk, clerkContext, bureauContext, courseId, level } = await fuzhouStaff(
    browser,
    origin,
    "fj-classes",
    provinceCode!,
    "e2e",
  );

  // The institution applies; the bureau approves on its page.
  const applied = await clerk.post("/api/v1/classes", oneSessionClass(courseId, level, 5, 95));
  const bureau = await bureauContext.newPage();
  await bureau.goto(`/classes/${applied.id}`);
  await bureau.getByRole("button", { name: "批准开班" }).click();
  await expect(bureau.locator(".intro .badge")).toHaveText("已批准开班");

  // A worker registers on the phone and enrols, told about the subsidy first.
  const { phone: worker } = await registeredWorker(browser, "张三", "13700137000", "返乡农民工");
  await worker.goto(`/classes/${applied.id}`);
  await expect(worker.locator("[data-subsidy=available]")).toBeVisible();
  await worker.getByRole("button", { name: "报名这个班" }).click();
  await expect(worker).toHaveURL(/\/my\/classes$/);

  // The classroom screen shows the code; the phone opens its URL.
  const screen = await clerkContext.newPage();
  await screen.goto(`/sessions/${applied.sessions[0].id}/screen`);
  const code = screen.locator("[data-code] svg");
  await expect(code).toBeVisible();
  const url = await screen.locator("[data-code]").getAttribute("data-url");
  expect(url).toContain("/c/");
  await worker.goto(url!);
  await expect(worker.getByRole("heading", { level: 1 })).toHaveText("签到");
  await worker.getByRole("button", { name: /用通行密钥确认/ }).click();
  await expect(worker.locator("[data-result]")).toContainText("签到成功");
  await expect(worker.locator("[data-assurance=passkey]")).toHaveText("保障级别：通行密钥");

  // The screen's count and the roster follow without reloading.
  await expect(screen.locator("[data-count]")).toHaveText("1 / 1", { timeout: 15_000 });
  const roster = await clerkContext.newPage();
  await roster.goto(`/sessions/${applied.sessions[0].id}/roster`);
  await expect(roster.locator("[data-roster-rows] tr")).toHaveCount(1);
  await expect(roster.locator("[data-roster-rows]")).toContainText("张三");
  await expect(roster.locator("[data-roster-rows]")).toContainText("密钥");

  // The institution voids the check-in, saying why; the roster keeps it in the audit trail.
  await roster.locator("[data-roster-rows] summary", { hasText: "作废" }).first().click();
  await roster.getByPlaceholder(/更正理由/).first().fill("学员当天请假，由同学代签");
  await roster.getByRole("button", { name: "确认更正" }).first().click();
  await expect(roster.locator("[data-flash=done]")).toContainText("已更正");
  await expect(roster.locator("[data-checked-in]")).toHaveText("0");
});

test("the release build hydrates the classroom screen: check-out shows its own code without loading a new document", async ({
  browser,
  baseURL,
}) => {
  const provinceCode = process.env.SKILLPASS_E2E_SCREEN_CODE;
  expect(provinceCode, "the test script creates a province account for the screen").toBeTruthy();
  const { clerk, clerkContext, bureau, courseId, level } = await fuzhouStaff(
    browser,
    baseURL!,
    "fj-screen",
    provinceCode!,
    "screen",
  );
  const applied = await clerk.post("/api/v1/classes", oneSessionClass(courseId, level, 5, 95));
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });

  const screen = await clerkContext.newPage();
  await screen.goto(`/sessions/${applied.sessions[0].id}/screen`);
  await hydrated(screen);
  // A full page load would start a new document and lose this mark.
  await screen.evaluate(() => document.body.setAttribute("data-same-document", "yes"));
  await expect(screen.locator("[data-code]")).toHaveAttribute("data-url", /-i-/);
  await screen.getByRole("button", { name: "签退" }).click();
  await expect(screen.getByRole("button", { name: "签退" })).toHaveAttribute("aria-pressed", "true");
  await expect(screen.locator("[data-code]")).toHaveAttribute("data-url", /-o-/);
  await expect(screen.locator("[data-count]")).toHaveText("0 / 0");
  await expect(screen.locator("body")).toHaveAttribute("data-same-document", "yes");
});
