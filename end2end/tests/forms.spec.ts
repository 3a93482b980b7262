import type { Browser, BrowserContext } from "@playwright/test";
import { expect, hydrated, test } from "./fixtures";
import { fuzhouStaff, oneSessionClass, registeredWorker } from "./support";

/** The same account in a browser with JavaScript switched off. */
async function withoutJavaScript(browser: Browser, signedIn: BrowserContext) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies(await signedIn.cookies());
  return context.newPage();
}

test("without JavaScript, the bureau returns and approves a class, and a worker enrols and signs out", async ({
  browser,
  baseURL,
}) => {
  const provinceCode = process.env.SKILLPASS_E2E_FORMS_CODE;
  expect(provinceCode, "scripts/e2e.sh creates a province account for the forms").toBeTruthy();
  const { clerkContext, bureauContext, courseId, level } = await fuzhouStaff(
    browser,
    baseURL!,
    "fj-forms",
    provinceCode!,
    "forms",
  );

  // The institution applies on the form page; its session rows are an island.
  const planned = oneSessionClass(courseId, level, 30, 120);
  const clerk = await clerkContext.newPage();
  await clerk.goto("/classes/new");
  await hydrated(clerk);
  await clerk.getByLabel(/培训项目与证书等级/).selectOption(`${courseId}:${level}`);
  await clerk.getByLabel("授课教师").fill(planned.teacher);
  await clerk.getByLabel("培训地点", { exact: true }).fill(planned.venue);
  await clerk.getByLabel("纬度").fill(String(planned.latitude));
  await clerk.getByLabel("经度").fill(String(planned.longitude));
  const rows = clerk.locator("[data-session]");
  const before = await rows.count();
  await clerk.getByRole("button", { name: "添加一次课" }).click();
  await expect(rows).toHaveCount(before + 1);
  await rows.last().getByRole("button", { name: "删除" }).click();
  await expect(rows).toHaveCount(before);
  const session = planned.sessions[0];
  await rows.first().getByLabel("日期").fill(session.date);
  await rows.first().getByLabel("开始").fill(session.start);
  await rows.first().getByLabel("结束").fill(session.end);
  await clerk.getByRole("checkbox").check();
  await clerk.getByRole("button", { name: "提交申请" }).click();
  await expect(clerk).toHaveURL(/\/classes\/\d+$/);
  await expect(clerk.locator("[data-flash=done]")).toContainText("开班申请已提交");
  const applied = { id: Number(new URL(clerk.url()).pathname.split("/").pop()) };

  // A blank reason is refused: the page comes back and says why.
  const bureau = await withoutJavaScript(browser, bureauContext);
  await bureau.goto(`/classes/${applied.id}`);
  await bureau.getByLabel("退回理由").fill("   ");
  await bureau.getByRole("button", { name: "退回修改" }).click();
  await expect(bureau).toHaveURL(new RegExp(`/classes/${applied.id}$`));
  await expect(bureau.locator("[data-flash=problem]")).toContainText("理由");
  await expect(bureau.locator(".intro .badge")).toHaveText("待审批");

  await bureau.getByRole("button", { name: "批准开班" }).click();
  await expect(bureau.locator("[data-flash=done]")).toHaveText("已批准开班。");
  await expect(bureau.locator(".intro .badge")).toHaveText("已批准开班");
  // The outcome is told once.
  await bureau.reload();
  await expect(bureau.locator("[data-flash]")).toHaveCount(0);

  const { context: phone } = await registeredWorker(browser, "陈五", "13600136000", "返乡农民工");
  const worker = await withoutJavaScript(browser, phone);
  await worker.goto(`/classes/${applied.id}`);
  await worker.getByRole("button", { name: "报名这个班" }).click();
  await expect(worker).toHaveURL(/\/my\/classes$/);
  await expect(worker.locator("[data-flash=done]")).toHaveText("报名成功。");

  await worker.goto("/account");
  await worker.getByRole("button", { name: "退出登录", exact: true }).click();
  await expect(worker).toHaveURL(/\/$/);
  await expect(worker.locator("[data-flash=done]")).toHaveText("已退出登录。");
  await worker.goto("/account");
  await expect(worker.getByText("您还没有登录。")).toBeVisible();
});

test("without JavaScript, the bureau imports a category list: a wrong row changes nothing, a right list verifies", async ({
  browser,
  baseURL,
}) => {
  const provinceCode = process.env.SKILLPASS_E2E_IMPORT_CODE;
  expect(provinceCode, "scripts/e2e.sh creates a province account for the import").toBeTruthy();
  const { bureauContext } = await fuzhouStaff(browser, baseURL!, "fj-import", provinceCode!, "import");
  const { idNumber } = await registeredWorker(browser, "林六", "13700137000", "返乡农民工");
  const bureau = await withoutJavaScript(browser, bureauContext);
  const declared = bureau.locator(".card", { hasText: "林六" });
  const upload = async (name: string, text: string) => {
    await bureau.goto("/worker-categories");
    await bureau.getByLabel("名单文件").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf-8") });
    await bureau.getByLabel(/名单来源/).fill("县乡村振兴局名单");
    await bureau.getByRole("button", { name: "导入并核实" }).click();
    await expect(bureau).toHaveURL(/\/worker-categories/);
  };

  await upload("wrong.csv", `身份证号码,人员类别\n${idNumber},返乡农民工\n12345,返乡农民工\n`);
  await expect(bureau.locator("[data-flash=problem]")).toContainText("第 3 行");
  await expect(bureau.locator("[data-flash=problem]")).toContainText("整份名单未导入");
  await bureau.goto("/worker-categories?status=declared");
  await expect(declared.locator(".badge")).toHaveText("待核实");

  await upload("right.csv", `身份证号码,人员类别\n${idNumber},返乡农民工\n`);
  await expect(bureau.locator("[data-flash=report]")).toContainText("已核实 1 条");
  await bureau.goto("/worker-categories?status=verified");
  await expect(declared.locator(".badge")).toHaveText("已核实");
  await expect(declared).toContainText("县乡村振兴局名单");
});
