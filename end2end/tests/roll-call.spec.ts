// Issue 22's random roll-calls (随机点名). Two workers check in: one in the
// classroom, one elsewhere with a code a classmate relayed, who keeps
// the phone's position to themselves (so no rule on the check-in alone
// catches it). When the roll-call's secret moment comes, the classroom
// screen shows its code and the worker in the room confirms it; the
// other misses it, loses the session's hours, raises the warning the
// bureau sees, and their subsidy claim is held.
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { chinaTime, fuzhouStaff, onDatabase, oneSessionClass, registeredWorker } from "./support";

const VENUE = { latitude: 26.0822, longitude: 119.2964, accuracy: 20 };

async function inTheClassroom(context: BrowserContext) {
  await context.grantPermissions(["geolocation"]);
  await context.setGeolocation(VENUE);
}

/** Opens the code's URL on the phone and confirms with its passkey. */
async function confirmOn(phone: Page, url: string, heading: string) {
  await phone.goto(url);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText(heading);
  await phone.getByRole("button", { name: /用通行密钥确认/ }).click();
  await expect(phone.locator("[data-result]")).toContainText(`${heading}成功`);
}

test("a roll-call is shown and confirmed; missing it takes the hours away, warns the bureau and holds the claim", async ({
  browser,
  baseURL,
}) => {
  const provinceCode = process.env.SKILLPASS_E2E_ROLL_CALL_CODE;
  expect(provinceCode, "scripts/e2e.sh creates a province account for the roll-call").toBeTruthy();
  const { clerk, clerkContext, bureau, bureauContext, courseId, level } = await fuzhouStaff(
    browser,
    baseURL!,
    "fj-roll-call",
    provinceCode!,
    "roll-call",
  );
  // Today's session, then four more of two hours on the days after.
  const application = oneSessionClass(courseId, level, 5, 95);
  for (const day of [1, 2, 3, 4]) {
    application.sessions.push({ date: chinaTime(day * 24 * 60).date, start: "09:00", end: "11:00", mode: "offline" });
  }
  const applied = await clerk.post("/api/v1/classes", application);
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });
  const sessionId = applied.sessions[0].id as number;

  const present = await registeredWorker(browser, "陈在场", "13500135001", "返乡农民工");
  const relayed = await registeredWorker(browser, "林代签", "13500135002", "返乡农民工");
  await inTheClassroom(present.context);
  for (const { phone } of [present, relayed]) {
    await phone.goto(`/classes/${applied.id}`);
    await phone.getByRole("button", { name: "报名这个班" }).click();
    await expect(phone).toHaveURL(/\/my\/classes$/);
  }

  // Both check in: one from the room, one with the code a classmate sent.
  const screen = await clerkContext.newPage();
  await screen.goto(`/sessions/${sessionId}/screen`);
  const codeUrl = async (kind: RegExp) => {
    await expect(screen.locator("[data-code]")).toHaveAttribute("data-url", kind);
    return (await screen.locator("[data-code]").getAttribute("data-url"))!;
  };
  await confirmOn(present.phone, await codeUrl(/-i-/), "签到");
  await confirmOn(relayed.phone, await codeUrl(/-i-/), "签到");

  // The roll-call's moment comes: the screen shows its code by itself.
  onDatabase("roll_call_now.py", applied.id);
  await expect(screen.locator("[data-roll-call]")).toContainText("第 1 次随机点名", { timeout: 15_000 });
  await confirmOn(present.phone, await codeUrl(/-r-/), "随机点名");
  const roster = await clerkContext.newPage();
  await roster.goto(`/sessions/${sessionId}/roster`);
  await expect(roster.locator("[data-roll-calls]")).toContainText("已确认 1 人");

  // It closes; the server settles it within seconds.
  onDatabase("roll_call_over.py", applied.id);
  await expect(async () => {
    await relayed.phone.goto("/my/classes");
    await expect(relayed.phone.locator("[data-roll-call-missed]")).toContainText("错过第 1 次随机点名", {
      timeout: 1_000,
    });
  }).toPass({ timeout: 20_000 });
  await expect(relayed.phone.locator(".ledger-total")).toContainText("0%");
  await present.phone.goto("/my/classes");
  await expect(present.phone.locator("[data-roll-call]")).toContainText("第 1 次随机点名已确认（通行密钥）");
  const warnings = await bureauContext.newPage();
  await warnings.goto("/risk-warnings");
  await expect(warnings.getByText("签到后错过随机点名").first()).toBeVisible();

  // Both attend the other four sessions and the class ends: the relayed
  // worker's attendance still reaches 80%, passes the assessment and
  // claims. The missed roll-call holds the claim for the bureau.
  onDatabase("attend.py", applied.id);
  onDatabase("end_class.py", applied.id);
  const sheet = await clerk.get(`/api/v1/classes/${applied.id}/completion`);
  const enrolment = sheet.entries.find((entry: { worker_name: string }) => entry.worker_name === "林代签");
  await clerk.put(`/api/v1/enrolments/${enrolment.enrolment_id}/assessment`, {
    passed: true,
    score: 88,
    certificate_number: `S3501RC${enrolment.enrolment_id}`,
    certificate_level: level,
    issued_on: chinaTime(0).date,
  });
  await bureau.post(`/api/v1/enrolments/${enrolment.enrolment_id}/certificate-verification`, { result: "verified" });
  await relayed.phone.goto("/my/subsidies");
  const training = relayed.phone.locator(`[data-enrolment="${enrolment.enrolment_id}"]`);
  await training.getByRole("button", { name: "申请补贴" }).click();
  await expect(training.locator("[data-claim-status]")).toHaveText("暂缓，待补齐");
  await expect(training.locator('[data-check="attendance"]')).toContainText("≥ 80%");
});
