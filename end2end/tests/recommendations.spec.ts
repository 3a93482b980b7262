import { expect, test } from "./fixtures";

import { fuzhouStaff, oneSessionClass, registeredWorker } from "./support";

test("a worker on a phone sees a pushed class on the home page with why, opens it and enrols", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_RECOMMEND_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the recommendations' province account").toBeTruthy();
  const { clerk, bureau, courseId, level } = await fuzhouStaff(
    browser,
    origin,
    "fj-recommend",
    provinceCode!,
    "e2e-recommend",
  );
  const applied = await clerk.post("/api/v1/classes", oneSessionClass(courseId, level, 2 * 24 * 60, 2 * 24 * 60 + 90));
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });

  const { phone } = await registeredWorker(browser, "吴晓推", "13500135222", "返乡农民工");
  await phone.setViewportSize({ width: 360, height: 740 });

  // The bureau sends the class to the returning migrants of its city.
  const draft = await bureau.post("/api/v1/campaigns", {
    offer_kind: "class",
    offer_id: String(applied.id),
    message_zh: "后天开班，家门口学技能",
    audience: { categories: ["returning_migrant"] },
  });
  await bureau.post(`/api/v1/campaigns/${draft.id}/send`, {});

  // Delivered in the background within a few seconds.
  const card = phone.locator(`[data-recommended="campaign:${draft.id}"]`);
  await expect(async () => {
    await phone.goto("/");
    await expect(card).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(phone.getByRole("heading", { name: "为你推荐" })).toBeVisible();
  await expect(card).toContainText("后天开班，家门口学技能");
  await expect(card).toContainText("因为你是返乡农民工，在福州市");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the card fits a 360 px phone").toBeLessThanOrEqual(0);

  await card.getByRole("link").click();
  await expect(phone).toHaveURL(new RegExp(`/classes/${applied.id}$`));
  await phone.getByRole("button", { name: "报名这个班" }).click();
  await expect(phone).toHaveURL(/\/my\/classes$/);

  const campaign = await bureau.get(`/api/v1/campaigns/${draft.id}`);
  const all = campaign.funnel[0].steps.map((step: { workers: number }) => step.workers);
  expect(all[3], "enrolled after the push").toBe(1);
});
