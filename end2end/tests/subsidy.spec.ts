import { expect, test } from "./fixtures";

import { chinaTime, fuzhouStaff, onDatabase, registeredWorker } from "./support";

/** What the workers' own scans in the classroom would record. */
const attendEverySession = (classId: number) => onDatabase("attend.py", classId);
/** What six days of waiting would do: the class's sessions move into the past. */
const endClass = (classId: number) => onDatabase("end_class.py", classId);

test("a worker rates the class and follows the claim on the phone until the bureau approves it", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_SUBSIDIES_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the third province account").toBeTruthy();
  const { clerk, bureau, bureauContext, courseId, level } = await fuzhouStaff(
    browser,
    origin,
    "fj-subsidies",
    provinceCode!,
    "e2e-subsidy",
  );

  // A class of two sessions, approved.
  const session = (day: number) => {
    const start = chinaTime(day * 24 * 60);
    const end = chinaTime(day * 24 * 60 + 120);
    return { date: start.date, start: start.time, end: end.date === start.date ? end.time : "23:59", mode: "offline" };
  };
  const applied = await clerk.post("/api/v1/classes", {
    course_id: courseId,
    certificate_level: level,
    training_type: "employment_skills",
    capacity: 30,
    teacher: "林老师",
    venue: "福州市台江区学院路 8 号",
    latitude: 26.0614,
    longitude: 119.3061,
    sessions: [session(1), session(2)],
    commitment: true,
  });
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });

  // A poverty-alleviated worker registers on the phone and enrols.
  const { phone: worker } = await registeredWorker(browser, "李四", "13600136000", "脱贫劳动力（含防返贫监测对象）");
  await worker.goto(`/classes/${applied.id}`);
  await worker.getByRole("button", { name: "报名这个班" }).click();
  await expect(worker).toHaveURL(/\/my\/classes$/);

  // The worker checks in and out of both sessions with the passkey, the
  // class ends, the worker passes and the bureau verifies the certificate.
  const sheet = await clerk.get(`/api/v1/classes/${applied.id}/completion`);
  const enrolmentId = sheet.entries[0].enrolment_id as number;
  attendEverySession(applied.id);
  endClass(applied.id);
  await clerk.put(`/api/v1/enrolments/${enrolmentId}/assessment`, {
    passed: true,
    score: 91,
    certificate_number: `S3501E2E${enrolmentId}`,
    certificate_level: level,
    issued_on: chinaTime(0).date,
  });
  await bureau.post(`/api/v1/enrolments/${enrolmentId}/certificate-verification`, { result: "verified" });

  // The worker claims and rates on the phone.
  await worker.goto("/my/subsidies");
  const training = worker.locator(`[data-enrolment="${enrolmentId}"]`);
  await expect(training.locator(".notice")).toContainText("申请补贴");
  await training.getByRole("button", { name: "申请补贴" }).click();
  await expect(training.locator("[data-claim-status]")).toHaveText("自动核验通过，待审核");
  await expect(training.locator('[data-check="attendance"]')).toContainText("出勤率 100% ≥ 80%");
  await expect(training.locator("[data-total]")).toContainText("元");
  await training.getByLabel("教学质量").selectOption("4");
  await training.getByLabel(/说说您的感受/).fill("老师讲得很细，实操多");
  await training.getByRole("button", { name: "提交评价" }).click();
  await expect(training.locator(".my-rating")).toContainText("老师讲得很细，实操多");

  // The bureau takes the claim into review and approves it, in its list.
  const review = await bureauContext.newPage();
  await review.goto("/subsidy-claims?status=checks_passed");
  await review.locator('input[name="claim_ids[]"]').first().check();
  await review.getByLabel("对选中的申请").selectOption("start_review");
  await review.getByRole("button", { name: "提交" }).click();
  await expect(review.getByText("没有这个状态的补贴申请。")).toBeVisible();
  await review.goto("/subsidy-claims?status=under_review");
  await review.locator('input[name="claim_ids[]"]').first().check();
  await review.getByLabel("对选中的申请").selectOption("approve");
  await review.getByRole("button", { name: "提交" }).click();
  await expect(review.getByText("没有这个状态的补贴申请。")).toBeVisible();

  // The phone shows the approval on the timeline and in the inbox.
  await worker.goto("/my/subsidies");
  await expect(training.locator("[data-claim-status]")).toHaveText("审核通过，待发放");
  await expect(training.locator(".timeline")).toContainText("等待发放");
  await worker.goto("/inbox");
  await expect(worker.locator(".message").first()).toContainText("审核通过");

  // The rating is on the class page for everyone.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/classes/${applied.id}`);
  await expect(visitor.locator(".ratings")).toContainText("老师讲得很细，实操多");
});
