import { expect, test } from "./fixtures";

import { chinaTime, enrolStaff, fuzhouStaff, onDatabase, registeredWorker } from "./support";

test("on a phone, a supervisor the bureau engaged records an inspection whose headcount holds the class's claim", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_INSPECTION_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the inspections' province account").toBeTruthy();
  const { clerk, bureau, courseId, level } = await fuzhouStaff(
    browser,
    origin,
    "fj-inspection",
    provinceCode!,
    "e2e-inspect",
  );

  // The bureau engages a third-party supervisor, who signs in on a phone.
  const issued = await bureau.post("/api/v1/accounts", {
    role: "supervisor",
    display_name: "郑监理",
    username: "e2e-supervisor",
    city: "350100",
    organisation: "第三方评估公司",
  });
  const supervisorContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await enrolStaff(supervisorContext, origin, "e2e-supervisor", issued.code);

  // A class of one session; a worker enrols, attends, passes and claims.
  const start = chinaTime(24 * 60);
  const end = chinaTime(24 * 60 + 120);
  const applied = await clerk.post("/api/v1/classes", {
    course_id: courseId,
    certificate_level: level,
    training_type: "employment_skills",
    capacity: 30,
    teacher: "王老师",
    venue: "福州市仓山区金山大道 1 号",
    latitude: 26.04,
    longitude: 119.27,
    sessions: [{ date: start.date, start: start.time, end: end.date === start.date ? end.time : "23:59", mode: "offline" }],
    commitment: true,
  });
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });
  const { phone: worker } = await registeredWorker(browser, "周五", "13700137000", "脱贫劳动力（含防返贫监测对象）");
  await worker.goto(`/classes/${applied.id}`);
  await worker.getByRole("button", { name: "报名这个班" }).click();
  await expect(worker).toHaveURL(/\/my\/classes$/);
  const sheet = await clerk.get(`/api/v1/classes/${applied.id}/completion`);
  const enrolmentId = sheet.entries[0].enrolment_id as number;
  onDatabase("attend.py", applied.id);
  onDatabase("end_class.py", applied.id);
  await clerk.put(`/api/v1/enrolments/${enrolmentId}/assessment`, {
    passed: true,
    score: 88,
    certificate_number: `S3501INS${enrolmentId}`,
    certificate_level: level,
    issued_on: chinaTime(0).date,
  });
  await bureau.post(`/api/v1/enrolments/${enrolmentId}/certificate-verification`, { result: "verified" });
  await worker.goto("/my/subsidies");
  const training = worker.locator(`[data-enrolment="${enrolmentId}"]`);
  await training.getByRole("button", { name: "申请补贴" }).click();
  await expect(training.locator("[data-claim-status]")).toHaveText("自动核验通过，待审核");

  // The supervisor finds the class among those never inspected and
  // records that nobody was in the room.
  const phone = await supervisorContext.newPage();
  await phone.goto("/account");
  await phone.getByRole("link", { name: "过程检查" }).first().tap();
  await expect(phone).toHaveURL(/\/oversight\/inspections$/);
  await phone.locator(`[data-uninspected="${applied.id}"]`).getByRole("link", { name: "检查本班" }).tap();
  await expect(phone).toHaveURL(new RegExp(`/classes/${applied.id}/inspections$`));
  const form = phone.locator('[data-form="record-inspection"]');
  await form.getByLabel("检查方式").selectOption("on_site");
  await form.getByLabel("清点人数").fill("0");
  await form.getByLabel("与培训计划一致").check();
  await form.getByLabel("检查发现").fill("到场时教室无人上课");
  await form.getByLabel("检查结果").selectOption("fail");
  await form.getByRole("button", { name: "记录结果" }).tap();
  await expect(phone.getByText("已生成风险预警，本班的补贴申请在预警解除前暂停")).toBeVisible();
  const card = phone.locator("[data-inspection]").first();
  await expect(card).toHaveAttribute("data-result", "fail");
  await expect(card.locator("[data-headcount]")).toHaveText("清点 0 人，签到 1 人");
  await expect(card.locator("[data-fewer-counted]")).toBeVisible();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page fits a 360 px phone").toBeLessThanOrEqual(0);

  // The worker's claim now waits for the warning to be cleared.
  await worker.goto("/my/subsidies");
  await expect(training.locator("[data-claim-status]")).toHaveText("暂缓，待补齐");
  await supervisorContext.close();
});
