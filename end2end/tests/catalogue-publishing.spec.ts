import * as fs from "node:fs";
import * as path from "node:path";

import { expect, test } from "./fixtures";
import { enrolStaff } from "./support";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "..", "fixtures", name));

/** A stamped scan as small as a PDF gets. */
const scan = Buffer.from("%PDF-1.4\n% 福州市人社局盖章扫描件\n%%EOF\n", "utf-8");

test("a bureau imports a GBK template, fixes the reported error, confirms and files it, and the province accepts", async ({
  browser,
  baseURL,
}) => {
  const provinceCode = process.env.SKILLPASS_E2E_PUBLISHING_CODE;
  expect(provinceCode, "scripts/e2e.sh creates a province account for catalogue publishing").toBeTruthy();
  const provinceContext = await browser.newContext();
  const province = await enrolStaff(provinceContext, baseURL!, "fj-publishing", provinceCode!);
  const issued = await province.post("/api/v1/accounts", {
    role: "bureau",
    display_name: "福州人社局目录管理员",
    username: "publishing-bureau",
    city: "350100",
    institution_id: "",
  });
  const bureauContext = await browser.newContext();
  await enrolStaff(bureauContext, baseURL!, "publishing-bureau", issued.code);
  const bureau = await bureauContext.newPage();

  // The overview shows this year's standing of the city.
  await bureau.goto("/catalogue-editions");
  await expect(bureau.getByRole("heading", { level: 1, name: "目录发布与备案" })).toBeVisible();
  await expect(bureau.locator("[data-publication-standing] [data-city='350100']")).toBeVisible();

  const upload = async (name: string) => {
    await bureau.goto("/catalogue-editions");
    const form = bureau.locator("form", { has: bureau.getByLabel("模板文件") });
    await form.getByLabel("目录").selectOption("course");
    await form.getByLabel("年度").fill("2027");
    await form.getByLabel("模板文件").setInputFiles({ name, mimeType: "text/csv", buffer: fixture(name) });
    await form.getByRole("button", { name: "上传并预览" }).click();
    await expect(bureau).toHaveURL(/\/catalogue-imports\//);
  };

  // The first file has an error: the preview names its row and column, and
  // nothing can be confirmed.
  await upload("fuzhou-2027-courses-with-an-error.gbk.csv");
  const problems = bureau.locator("[data-preview-problems]");
  await expect(problems).toContainText("补贴标准");
  await expect(problems.locator("[data-problem-row='7']")).toContainText("没有读到金额");
  await expect(bureau.locator("[data-confirm-import]")).toHaveCount(0);
  await expect(bureau.locator("[data-course-rows] [data-occupation='育婴员']")).toBeVisible();

  // The fixed file previews cleanly and is confirmed as the draft.
  await upload("fuzhou-2027-courses.gbk.csv");
  await expect(bureau.locator("[data-preview-summary]")).toContainText("读到 3 行，发现 0 个问题");
  await bureau.locator("[data-confirm-import]").click();
  await expect(bureau).toHaveURL(/\/catalogue-editions\/\d+$/);
  await expect(bureau.locator("[data-flash=done]")).toContainText("已导入为草稿");
  await expect(bureau.locator("dd[data-status]")).toHaveText("草稿");
  await expect(bureau.locator("[data-course-rows] [data-occupation='SYB创业培训']")).toBeVisible();
  const editionUrl = bureau.url();

  // Filed with the stamped scan.
  await bureau.getByLabel("盖章扫描件").setInputFiles({ name: "盖章扫描件.pdf", mimeType: "application/pdf", buffer: scan });
  await bureau.locator("[data-file]").click();
  await expect(bureau.locator("[data-flash=done]")).toContainText("已报送省厅备案");
  await expect(bureau.locator("dd[data-status]")).toHaveText("已报送备案");

  // The province finds it among the filings awaiting review and accepts it.
  const desk = await provinceContext.newPage();
  await desk.goto("/catalogue-editions");
  await desk.locator("section", { hasText: "待审核的备案" }).getByRole("link", { name: "打开" }).first().click();
  await expect(desk).toHaveURL(editionUrl);
  await expect(desk.locator("[data-review]").getByRole("link", { name: /盖章扫描件\.pdf/ })).toBeVisible();
  await desk.getByLabel("备案号").fill("闽人社目录备〔2027〕8号");
  await desk.locator("[data-accept]").click();
  await expect(desk.locator("[data-flash=done]")).toContainText("备案审核结果已记录");
  await expect(desk.locator("dd[data-filing-number]")).toHaveText("闽人社目录备〔2027〕8号");

  // The bureau now sees it accepted, ready to publish.
  await bureau.goto(editionUrl);
  await expect(bureau.locator("[data-filing-status='accepted']")).toBeVisible();
  await expect(bureau.locator("[data-publish]")).toBeVisible();
});
