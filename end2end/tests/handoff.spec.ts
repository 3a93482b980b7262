// Issue 22's hand-off from an in-app browser: a worker scans the classroom
// code with WeChat, whose built-in browser hides passkeys. The page moves
// to an address with a hand-off token and shows, with a picture of the
// menu, how to open it in the phone's own browser. There, after the
// scanned code itself has expired, the check-in still goes through.
import { expect, hydrated, test } from "./fixtures";
import { fuzhouStaff, oneSessionClass, registeredWorker } from "./support";

const WECHAT =
  "Mozilla/5.0 (Linux; Android 12; V2145A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) " +
  "Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230405 MicroMessenger/8.0.35.2360(0x2800235B) " +
  "WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";

test("WeChat gets the hand-off page, and the scan survives the move to the phone's browser", async ({
  browser,
  baseURL,
}) => {
  const provinceCode = process.env.SKILLPASS_E2E_HANDOFF_CODE;
  expect(provinceCode, "scripts/e2e.sh creates a province account for the hand-off").toBeTruthy();
  const { clerk, clerkContext, bureau, courseId, level } = await fuzhouStaff(
    browser,
    baseURL!,
    "fj-handoff",
    provinceCode!,
    "handoff",
  );
  const applied = await clerk.post("/api/v1/classes", oneSessionClass(courseId, level, 5, 95));
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });
  const { phone } = await registeredWorker(browser, "黄微信", "13400134001", "返乡农民工");
  await phone.goto(`/classes/${applied.id}`);
  await phone.getByRole("button", { name: "报名这个班" }).click();
  await expect(phone).toHaveURL(/\/my\/classes$/);

  const screen = await clerkContext.newPage();
  await screen.goto(`/sessions/${applied.sessions[0].id}/screen`);
  await expect(screen.locator("[data-code]")).toHaveAttribute("data-url", /\/c\//);
  const codeUrl = (await screen.locator("[data-code]").getAttribute("data-url"))!;

  // WeChat's scanner opens the code in its own browser.
  const wechat = await (await browser.newContext({ userAgent: WECHAT })).newPage();
  await wechat.goto(codeUrl);
  await expect(wechat).toHaveURL(/\?handoff=[0-9a-f]{32}$/);
  const handoff = wechat.locator("[data-handoff]");
  await expect(handoff.getByRole("heading")).toHaveText("请用手机自带的浏览器打开");
  await expect(handoff).toContainText("点右上角的「···」");
  await expect(handoff.getByRole("img")).toHaveAttribute("aria-label", /在浏览器打开/);
  await hydrated(wechat);

  // "在浏览器打开" opens the same address in the phone's browser, where the
  // worker is signed in; by then the code on the screen has moved on.
  await wechat.waitForTimeout(21_000);
  await phone.goto(wechat.url());
  await expect(phone.locator("[data-handoff]")).toHaveCount(0);
  await hydrated(phone);
  await phone.getByRole("button", { name: /用通行密钥确认/ }).click();
  await expect(phone.locator("[data-result]")).toContainText("签到成功");
});
