import { expect, test } from "./fixtures";

import { enrolStaff } from "./support";

test("the province sets a target, then on a phone reads the province's progress, taps an area on the map and opens its page", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_OVERSIGHT_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the oversight's province account").toBeTruthy();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await enrolStaff(context, origin, "fj-oversight", provinceCode!);
  const phone = await context.newPage();

  // The targets of this year: the province gives Fuzhou one, with its basis.
  await phone.goto("/oversight/targets");
  await expect(phone.getByText("计数口径")).toBeVisible();
  const fuzhou = phone.locator('[data-target="350100"]');
  await fuzhou.getByLabel("目标（人次）").fill("12000");
  await fuzhou.getByLabel("依据或原因").fill("省厅下达年度任务");
  await fuzhou.getByRole("button", { name: "保存目标" }).click();
  await expect(phone.getByText("目标已保存，依据已记录。")).toBeVisible();
  await expect(phone.locator('[data-target="350100"] [data-person-times]')).toHaveText("12000");

  // The province's page: headline figures, the charts, the map.
  await phone.goto("/oversight");
  await expect(phone.getByRole("heading", { level: 1 })).toContainText("全省");
  await expect(phone.locator('[data-standing] [data-figure="target"]')).not.toHaveText("");
  await expect(phone.locator("svg.chart").first()).toBeVisible();
  const map = phone.locator("[data-map] svg");
  await expect(map).toBeVisible();
  await expect(map.locator("[data-area]")).toHaveCount(10);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page fits a 360 px phone").toBeLessThanOrEqual(0);

  // A tap on Fuzhou shows its figures and the way to its page.
  const card = phone.locator("#area-350100");
  await expect(card).toBeHidden();
  await map.locator('[data-area="350100"] text').tap();
  await expect(card).toBeVisible();
  await expect(card).toContainText("/ 12000");
  await card.getByRole("link", { name: "打开福州市的进度页" }).tap();
  await expect(phone).toHaveURL(/\/oversight\?year=\d{4}&city=350100$/);
  await expect(phone.getByRole("heading", { level: 1 })).toContainText("福州市");
  await expect(phone.locator('[data-standing] [data-figure="target"]')).toHaveText("12000");
  await expect(phone.locator("[data-map]")).toHaveCount(0);

  // Shaded by person-times instead: the switch is a link.
  await phone.goto("/oversight");
  await phone.getByRole("link", { name: "按人次着色" }).tap();
  await expect(phone).toHaveURL(/shade=person_times/);
  await expect(phone.locator("[data-map] svg [data-area]")).toHaveCount(10);
  await context.close();
});
