import { expect, test } from "./fixtures";

test("a worker chooses a city and finds the childcare course by searching", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /福州市/ }).click();
  await expect(page).toHaveURL(/\/courses\?city=350100/);

  const search = page.getByRole("searchbox", { name: /职业名称或编码/ });
  await search.fill("育婴");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/q=%E8%82%B2%E5%A9%B4/);
  await expect(page.getByText("共 1 项")).toBeVisible();

  await page.getByRole("link", { name: /育婴员/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("育婴员");
  await expect(page.getByRole("heading", { name: "补贴标准" })).toBeVisible();
  await expect(page.getByText("1,500 元")).toBeVisible();
  const call = page.getByRole("link", { name: /^拨打/ }).first();
  await expect(call).toHaveAttribute("href", /^tel:\d+/);
});

test("the city is remembered on the next visit", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /厦门市/ }).click();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: /当前城市.*厦门市/ })).toBeVisible();
  await page.goto("/courses");
  await expect(page.getByText(/厦门市 ·/).first()).toBeVisible();
});

test("the urgent filter and paging work on a phone", async ({ page }) => {
  await page.goto("/courses?city=350100");
  await page.getByLabel("只看急需紧缺").check();
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/urgent=1/);
  const cards = page.locator(".card");
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  for (let i = 0; i < count; i++) {
    await expect(cards.nth(i).getByText("急需紧缺")).toBeVisible();
  }

  await page.goto("/courses?city=350100");
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page.getByText("第 2 / 2 页")).toBeVisible();
});

test("switching to English is remembered", async ({ page }) => {
  await page.goto("/courses?city=350100");
  await page.getByRole("link", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Courses" })).toBeVisible();
  await page.goto("/institutions?city=350100");
  await expect(page.getByRole("heading", { level: 1, name: "Institutions" })).toBeVisible();
  await page.getByRole("link", { name: "切换到中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("a worker opens an institution and sees what it teaches", async ({ page }) => {
  await page.goto("/institutions?city=350100");
  await page.getByLabel("办学性质").selectOption("private");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/nature=private/);
  await page.getByRole("link", { name: /巧手家政/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("巧手家政");
  await expect(page.getByRole("heading", { name: "可开展的职业（工种）" })).toBeVisible();
  await page.getByRole("link", { name: /育婴员/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("育婴员");
});

test("the catalogue fits a 360 px screen with large touch targets", async ({ page }) => {
  await page.goto("/courses?city=350100");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  for (const locator of [
    page.getByRole("button", { name: "搜索" }),
    page.locator(".card-link").first(),
    page.getByRole("link", { name: "Switch to English" }),
  ]) {
    const box = await locator.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  }
});

test("the catalogue pages load no script and no WebAssembly: search and paging are plain links and forms", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (["script", "fetch"].includes(request.resourceType()) || request.url().endsWith(".wasm")) scripts.push(request.url());
  });
  await page.goto("/courses?city=350100");
  await page.getByRole("searchbox", { name: /职业名称或编码/ }).fill("育婴");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByText("共 1 项")).toBeVisible();
  await page.goto("/institutions?city=350100");
  await page.waitForLoadState("networkidle");
  expect(scripts).toEqual([]);
});
