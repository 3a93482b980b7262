import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";

/** A phone's platform authenticator, as Chromium's DevTools provide it. */
async function addPhone(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

function idNumber(sequence: number): string {
  const first17 = `35010219910101${String(sequence).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

/** Local (China) date and time `minutes` from now, as the form takes them. */
function chinaTime(minutes: number) {
  const at = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString();
  return { date: at.slice(0, 10), time: at.slice(11, 16) };
}

/** JSON API calls from a signed-in context (same origin, like its pages). */
function apiOf(request: APIRequestContext, origin: string) {
  const headers = { Origin: origin };
  return {
    get: async (path: string) => (await request.get(path, { headers })).json(),
    post: async (path: string, data: unknown) => {
      const response = await request.post(path, { data, headers });
      expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
  };
}

async function enrolStaff(context: BrowserContext, origin: string, login: string, code: string) {
  const api = apiOf(context.request, origin);
  await api.post("/api/v1/auth/code/password", { login, code, password: `${login}-password-1` });
  return api;
}

test("the classroom shows a rotating code, a worker checks in with a passkey and the roster shows it", async ({
  browser,
  baseURL,
}) => {
  const origin = baseURL!;
  const provinceCode = process.env.SKILLPASS_E2E_CLASSES_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the second province account").toBeTruthy();
  const provinceContext = await browser.newContext();
  const province = await enrolStaff(provinceContext, origin, "fj-classes", provinceCode!);

  // A Fuzhou institution of the published catalogue with a course it teaches.
  const list = await province.get("/api/v1/institutions?city=350100");
  let institutionId = 0;
  let courseId = 0;
  for (const item of list.institutions.items) {
    const detail = await province.get(`/api/v1/institutions/${item.id}`);
    const taught = detail.occupations.find((o: { course_id: number | null }) => o.course_id);
    if (taught) {
      institutionId = item.id;
      courseId = taught.course_id;
      break;
    }
  }
  expect(courseId).toBeGreaterThan(0);
  const course = await province.get(`/api/v1/courses/${courseId}`);
  const level = course.subsidy.amounts[0].level;

  const issued = async (role: string, username: string) =>
    (
      await province.post("/api/v1/accounts", {
        role,
        display_name: role === "bureau" ? "福州人社局审核员" : "培训机构教务",
        username,
        city: "350100",
        institution_id: role === "institution" ? String(institutionId) : "",
      })
    ).code as string;
  const clerkContext = await browser.newContext();
  const clerk = await enrolStaff(clerkContext, origin, "e2e-school", await issued("institution", "e2e-school"));
  const bureauContext = await browser.newContext();
  await enrolStaff(bureauContext, origin, "e2e-bureau", await issued("bureau", "e2e-bureau"));

  // The institution applies; the bureau approves on its page.
  const start = chinaTime(5);
  const end = chinaTime(95);
  const applied = await clerk.post("/api/v1/classes", {
    course_id: courseId,
    certificate_level: level,
    training_type: "employment_skills",
    capacity: 30,
    teacher: "陈老师",
    venue: "福州市鼓楼区五四路 100 号",
    latitude: 26.0822,
    longitude: 119.2964,
    sessions: [{ date: start.date, start: start.time, end: end.date === start.date ? end.time : "23:59", mode: "offline" }],
    commitment: true,
  });
  const bureau = await bureauContext.newPage();
  await bureau.goto(`/classes/${applied.id}`);
  await bureau.getByRole("button", { name: "批准开班" }).click();
  await expect(bureau.locator(".intro .badge")).toHaveText("已批准开班");

  // A worker registers on the phone and enrols, told about the subsidy first.
  const workerContext = await browser.newContext();
  const worker = await workerContext.newPage();
  await addPhone(workerContext, worker);
  await worker.goto("/register");
  await worker.getByLabel("姓名（与身份证一致）").fill("张三");
  await worker.getByLabel("身份证号码").fill(idNumber(Math.floor(Math.random() * 900) + 50));
  await worker.getByLabel("手机号码").fill("13700137000");
  await worker.getByLabel("所在城市").selectOption("350100");
  await worker.getByLabel("返乡农民工").check();
  await worker.getByRole("button", { name: "用通行密钥注册" }).click();
  await expect(worker).toHaveURL(/\/account$/);
  await worker.goto(`/classes/${applied.id}`);
  await expect(worker.locator("[data-subsidy=available]")).toBeVisible();
  await worker.getByRole("button", { name: "报名这个班" }).click();
  await expect(worker).toHaveURL(/\/my\/classes$/);

  // The classroom screen shows the code; the phone opens its URL.
  const screen = await clerkContext.newPage();
  await screen.goto(`/sessions/${applied.sessions[0].id}/screen`);
  const code = screen.locator("[data-code] svg");
  await expect(code).toBeVisible();
  const url = await screen.locator("[data-code]").getAttribute("data-url");
  expect(url).toContain("/c/");
  await worker.goto(url!);
  await expect(worker.getByRole("heading", { level: 1 })).toHaveText("签到");
  await worker.getByRole("button", { name: /用通行密钥确认/ }).click();
  await expect(worker.locator("[data-result]")).toContainText("签到成功");

  // The screen's count and the roster follow without reloading.
  await expect(screen.locator("[data-count]")).toHaveText("1 / 1", { timeout: 15_000 });
  const roster = await clerkContext.newPage();
  await roster.goto(`/sessions/${applied.sessions[0].id}/roster`);
  await expect(roster.locator("[data-roster-rows] tr")).toHaveCount(1);
  await expect(roster.locator("[data-roster-rows]")).toContainText("张三");
  await expect(roster.locator("[data-roster-rows]")).toContainText("密钥");
});
