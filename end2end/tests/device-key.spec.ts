// Issue 22's device key: a phone without any authenticator (as most
// workers' phones are) registers with a password, sets up a key that the
// browser makes and keeps, and checks in with it; a classmate who knows
// the password cannot check in for the worker from another phone.
import { expect, expectLogged, hydrated, test } from "./fixtures";
import { apiOf, fuzhouStaff, idNumber, oneSessionClass, PASSWORD, passwordWorker } from "./support";

test("a phone without passkeys checks in with its device key, and a stolen password cannot", async ({
  browser,
  baseURL,
  pageErrors,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_DEVICE_CODE;
  expect(provinceCode, "scripts/e2e.sh creates a province account for the device key").toBeTruthy();
  const { clerk, clerkContext, bureau, courseId, level } = await fuzhouStaff(
    browser,
    origin,
    "fj-device",
    provinceCode!,
    "device",
  );
  const applied = await clerk.post("/api/v1/classes", oneSessionClass(courseId, level, 5, 95));
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });

  const id = idNumber(701);
  const { context, phone } = await passwordWorker(browser, id, "13800138007");
  await hydrated(phone);
  const setup = phone.locator("[data-device-key]");
  await setup.getByLabel("再输入一次密码").fill(PASSWORD);
  await setup.getByRole("button", { name: "在这部手机上设置本机密钥" }).click();
  await expect(setup.locator("[data-device-key-status]")).toContainText("本机密钥已设置");
  await phone.reload();
  await hydrated(phone);
  await expect(setup.locator("[data-device-key-status]")).toContainText("这部手机已设置本机密钥");
  await apiOf(context.request, origin).post(`/api/v1/classes/${applied.id}/enrolments`, {});

  const screen = await clerkContext.newPage();
  await screen.goto(`/sessions/${applied.sessions[0].id}/screen`);
  // The code's URL is there once the screen shows the code.
  const codeUrl = async () => {
    await expect(screen.locator("[data-code]")).toHaveAttribute("data-url", /\/c\//);
    return (await screen.locator("[data-code]").getAttribute("data-url"))!;
  };
  await phone.goto(await codeUrl());
  await hydrated(phone);
  await phone.getByText(/没有通行密钥/).click();
  await phone.getByRole("button", { name: "确认", exact: true }).click();
  await expect(phone.locator("[data-result]")).toContainText("签到成功");
  // The worker is told the level, and how to reach the top one.
  await expect(phone.locator("[data-assurance=device_key]")).toHaveText("保障级别：本机密钥");
  await expect(phone.getByText(/添加通行密钥/)).toBeVisible();
  const roster = await clerk.get(`/api/v1/sessions/${applied.sessions[0].id}/roster`);
  expect(roster.entries[0].check_in.assurance).toBe("device_key");

  // The classmate knows the password and signs in on their own phone.
  const classmate = await browser.newContext();
  await apiOf(classmate.request, origin).post("/api/v1/auth/sign-in/password", { login: id, password: PASSWORD });
  const theirs = await classmate.newPage();
  await theirs.goto(await codeUrl());
  await hydrated(theirs);
  await theirs.getByText(/没有通行密钥/).click();
  await theirs.getByRole("button", { name: "确认", exact: true }).click();
  await expect(theirs.locator("[data-status]")).toContainText("本机密钥");
  await expect(theirs.locator("[data-result]")).toBeHidden();
  // The refusal is the server's 403, which Chromium logs.
  expectLogged(pageErrors, /status of 403/);

  // The phone told the server its class (no authenticator: a device key), and the bureau counts it.
  const summary = await bureau.get("/api/v1/assurance-summary");
  const phones = summary.workers.find((group: { capability: string | null }) => group.capability === "device_key");
  expect(phones?.count ?? 0).toBeGreaterThanOrEqual(1);
});
