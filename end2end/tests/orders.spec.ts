import { expect, test } from "./fixtures";

import { apiOf, chinaTime, fuzhouStaff, onDatabase, registeredWorker } from "./support";

/** What the workers' own scans in the classroom would record. */
const attendEverySession = (classId: number) => onDatabase("attend.py", classId);
/** What six days of waiting would do: the class's sessions move into the past. */
const endClass = (classId: number) => onDatabase("end_class.py", classId);

/** A unified social credit code whose check character is right. */
const CREDIT_CODE = "91350100M000100Y43";

test("a worker sees the job a class ends in, enrols, and later accepts the employer's offer on the phone", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_ORDERS_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the orders' province account").toBeTruthy();
  const { clerk, bureau, institutionId, courseId, level } = await fuzhouStaff(
    browser,
    origin,
    "fj-orders",
    provinceCode!,
    "e2e-order",
  );

  // The employer's HR clerk registers the company on its page.
  const employerContext = await browser.newContext();
  const hr = await employerContext.newPage();
  await hr.goto("/employers/register");
  await hr.getByLabel("企业名称（与营业执照一致）").fill("福州闽江电子有限公司");
  await hr.getByLabel("统一社会信用代码").fill(CREDIT_CODE);
  await hr.getByLabel("地址").fill("福州市马尾区江滨东大道 100 号");
  await hr.getByLabel("所在城市").selectOption("350100");
  await hr.getByLabel("联系人", { exact: true }).fill("林晓");
  await hr.getByLabel("联系人手机").fill("13800138000");
  await hr.getByLabel("您的姓名").fill("林晓");
  await hr.getByLabel("登录名").fill("minjiang-hr");
  await hr.getByLabel("密码").fill("employer-password-1");
  await hr.getByRole("button", { name: "注册", exact: true }).click();
  await expect(hr).toHaveURL(/\/employers\/\d+$/);
  await expect(hr.locator("[data-flash]")).toContainText("已注册");
  const employerId = Number(hr.url().split("/").pop());

  // The bureau verifies it; the employer posts an order for the institution
  // it chose, which the bureau approves.
  await bureau.post(`/api/v1/employers/${employerId}/decision`, { decision: "verify" });
  const employer = apiOf(employerContext.request, origin);
  const order = await employer.post("/api/v1/orders", {
    kind: "order",
    course_id: String(courseId),
    certificate_level: level,
    trainees_wanted: "20",
    requirements: "18 至 45 周岁",
    start_training_by: chinaTime(30 * 24 * 60).date,
    institution_id: String(institutionId),
    positions: [
      {
        title: "电子装配工",
        openings: "20",
        wage_min_yuan: "4500",
        wage_max_yuan: "7000",
        workplace: "福州市马尾区",
        contract_months: "24",
        starts_on: chinaTime(40 * 24 * 60).date,
      },
    ],
  });
  const orderId = order.summary.id as number;
  await bureau.post(`/api/v1/orders/${orderId}/decision`, { decision: "approve" });

  // The institution opens the class for the order; the bureau approves it.
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
    venue: "福州市马尾区儒江西路 8 号",
    latitude: 26.0,
    longitude: 119.44,
    sessions: [session(1), session(2)],
    commitment: true,
    order_id: orderId,
  });
  await bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });

  // On the phone, the worker reads who hires after the class, and enrols.
  const { phone: worker } = await registeredWorker(browser, "王五", "13900139123", "农村转移劳动力");
  await worker.goto(`/classes/${applied.id}`);
  const job = worker.locator("[data-job-promise]");
  await expect(job).toContainText("培训后由福州闽江电子有限公司录用：20 个岗位，月薪 4500–7000 元");
  await expect(job).toContainText("电子装配工");
  await worker.getByRole("button", { name: "报名这个班" }).click();
  await expect(worker).toHaveURL(/\/my\/classes$/);

  // The class runs and ends; the worker passes; the employer offers the job.
  const sheet = await clerk.get(`/api/v1/classes/${applied.id}/completion`);
  const enrolmentId = sheet.entries[0].enrolment_id as number;
  attendEverySession(applied.id);
  endClass(applied.id);
  await clerk.put(`/api/v1/enrolments/${enrolmentId}/assessment`, {
    passed: true,
    score: 88,
    certificate_number: `S3501E2EO${enrolmentId}`,
    certificate_level: level,
    issued_on: chinaTime(0).date,
  });
  await employer.post(`/api/v1/orders/${orderId}/trainees/${enrolmentId}/outcome`, {
    outcome: "offer",
    position: "电子装配工",
    starts_on: chinaTime(40 * 24 * 60).date,
  });

  // The worker accepts it on the phone; the timeline says so.
  await worker.goto("/my/subsidies");
  const training = worker.locator(`[data-enrolment="${enrolmentId}"]`);
  await expect(training.locator("[data-job-offer]")).toContainText("福州闽江电子有限公司：电子装配工");
  await training.getByRole("button", { name: "接受邀请" }).click();
  await expect(worker.locator("[data-flash]")).toContainText("已回复工作邀请");
  await expect(worker.locator(`[data-enrolment="${enrolmentId}"] .timeline`)).toContainText("已接受，等企业办理入职");
  const trainees = await employer.get(`/api/v1/orders/${orderId}/trainees`);
  expect(trainees[0].status).toBe("accepted");
});
