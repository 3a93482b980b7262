import type { BrowserContext, Page } from "@playwright/test";

import { expect, expectLogged, hydrated, test } from "./fixtures";

/** A phone's platform authenticator, as Chromium's DevTools provide it. */
async function addPhone(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    remove: () => cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId }),
    count: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials.length,
  };
}

/** A valid ID number (GB 11643 check character) with this sequence. */
function idNumber(sequence: number): string {
  const first17 = `35010219900101${String(sequence).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

const workerId = idNumber(Math.floor(Math.random() * 900) + 50);

test("a worker registers with a passkey, signs in again and adds a new phone", async ({ page, context }) => {
  const phone = await addPhone(context, page);
  // From the catalogue, the header leads to the account pages.
  await page.goto("/courses?city=350100");
  await page.getByRole("link", { name: "我的" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("您还没有登录。")).toBeVisible();
  await page.getByRole("link", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await page.getByLabel("姓名（与身份证一致）").fill("王小明");
  await page.getByLabel("身份证号码").fill(workerId);
  await page.getByLabel("手机号码").fill("13800138000");
  await page.getByLabel("所在城市").selectOption("350100");
  await page.getByLabel("农村转移劳动力").check();
  await page.getByRole("button", { name: "用通行密钥注册" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("王小明");
  await expect(page.getByText(/^3501\*{10}/)).toBeVisible();
  expect(await phone.count()).toBe(1);

  await page.getByRole("button", { name: "退出登录", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "用通行密钥登录" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("王小明");

  // The old phone is lost; a new one joins the signed-in account.
  await phone.remove();
  const newPhone = await addPhone(context, page);
  await page.getByRole("button", { name: /添加通行密钥/ }).click();
  await expect(page.locator(".passkey-list li")).toHaveCount(2);
  expect(await newPhone.count()).toBe(1);
  await page.getByRole("button", { name: "在所有设备上退出" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "用通行密钥登录" }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test("staff enrol with a one-time code and help a worker recover on a new phone", async ({ browser, pageErrors }) => {
  const provinceCode = process.env.SKILLPASS_E2E_PROVINCE_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the province account").toBeTruthy();

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await staff.goto("/enrol");
  // The island closes the password fallback once it knows passkeys work.
  await hydrated(staff);
  await staff.getByLabel("身份证号码或登录名").fill("fj-admin");
  await staff.getByLabel("一次性验证码（8 位数字）").fill(provinceCode!);
  await staff.getByText("或者使用密码（安全性较低）").click();
  await staff.getByLabel("密码").fill("province-password-1");
  await staff.getByRole("button", { name: "设置密码" }).click();
  await expect(staff).toHaveURL(/\/account$/);
  await expect(staff.getByText(/安全性较低/).first()).toBeVisible();

  await staff.goto("/staff/accounts");
  await expect(staff.getByText(/^fj-admin/)).toBeVisible();
  // Only the bureau of the worker's city issues recovery codes: the
  // province creates a Fuzhou bureau account, which enrols.
  const create = staff.locator('form[data-form="create-staff"]');
  await create.getByLabel("角色").selectOption("bureau");
  await create.getByLabel("姓名（与身份证一致）").fill("林晓");
  await create.getByLabel("登录名").fill("fz-bureau-e2e");
  await create.getByLabel("所在城市").selectOption("350100");
  await create.getByRole("button", { name: "创建" }).click();
  // The page that follows shows the code once.
  const created = staff.locator("[data-issued-code]");
  await expect(created).toHaveText(/^\d{8}$/);
  const enrolment = await created.textContent();
  await staff.reload();
  await expect(staff.locator("[data-issued-code]")).toHaveCount(0);

  const bureauContext = await browser.newContext();
  const bureau = await bureauContext.newPage();
  await bureau.goto("/enrol");
  await hydrated(bureau);
  await bureau.getByLabel("身份证号码或登录名").fill("fz-bureau-e2e");
  await bureau.getByLabel("一次性验证码（8 位数字）").fill(enrolment!);
  await bureau.getByText("或者使用密码（安全性较低）").click();
  await bureau.getByLabel("密码").fill("bureau-password-1");
  // Enter in the password field sends the password, not the passkey button.
  await bureau.getByLabel("密码").press("Enter");
  await expect(bureau).toHaveURL(/\/account$/);
  await bureau.goto("/staff/accounts");
  const recovery = bureau.locator('form[data-form="recovery-code"]');
  await recovery.getByLabel("身份证号码").fill(workerId);
  await recovery.getByLabel("身份核验方式").selectOption("id_card_in_person");
  await recovery.getByRole("button", { name: "发放" }).click();
  const issued = bureau.locator("[data-issued-code]");
  await expect(issued).toHaveText(/^\d{8}$/);
  const code = await issued.textContent();

  const workerContext = await browser.newContext();
  const worker = await workerContext.newPage();
  const phone = await addPhone(workerContext, worker);
  await worker.goto("/recover");
  await worker.getByLabel("身份证号码或登录名").fill(workerId);
  await worker.getByLabel("一次性验证码（8 位数字）").fill(code!);
  await worker.getByRole("button", { name: "设置通行密钥" }).click();
  await expect(worker).toHaveURL(/\/account$/);
  await expect(worker.getByRole("heading", { level: 1 })).toHaveText("王小明");
  expect(await phone.count()).toBe(1);
  // The earlier passkey is suspended until the worker decides.
  await expect(worker.getByRole("heading", { name: "请选择保留哪些旧通行密钥" })).toBeVisible();
  await worker.getByRole("button", { name: "保留勾选的，移除其他" }).click();
  await expect(worker.getByRole("heading", { name: "请选择保留哪些旧通行密钥" })).toHaveCount(0);

  // The code worked once.
  await worker.goto("/recover");
  await worker.getByLabel("身份证号码或登录名").fill(workerId);
  await worker.getByLabel("一次性验证码（8 位数字）").fill(code!);
  await worker.getByRole("button", { name: "设置通行密钥" }).click();
  await expect(worker.locator("[data-status]")).toContainText("身份验证没有通过");
  expectLogged(pageErrors, /status of 401/);
});
