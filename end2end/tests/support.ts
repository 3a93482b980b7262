// Helpers shared by the end-to-end specs: the phone's authenticator, ID
// numbers, China times, JSON API calls from a signed-in context, workers
// who register on the phone, and the scripts that move the e2e database.
import { execFileSync } from "node:child_process";
import path from "node:path";

import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";

import { hydrated } from "./fixtures";

/** A phone's platform authenticator, as Chromium's DevTools provide it. */
export async function addPhone(context: BrowserContext, page: Page) {
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

export function idNumber(sequence: number): string {
  const first17 = `35010219910101${String(sequence).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

/** Local (China) date and time `minutes` from now, as the form takes them. */
export function chinaTime(minutes: number) {
  const at = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString();
  return { date: at.slice(0, 10), time: at.slice(11, 16) };
}

/** JSON API calls from a signed-in context (same origin, like its pages). */
/**
 * A class application in Fuzhou with one in-person session from `startMinutes`
 * to `endMinutes` from now (China time; cut at midnight), ready to post.
 */
export function oneSessionClass(courseId: number, level: string, startMinutes: number, endMinutes: number) {
  const start = chinaTime(startMinutes);
  const end = chinaTime(endMinutes);
  return {
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
  };
}

export function apiOf(request: APIRequestContext, origin: string) {
  const headers = { Origin: origin };
  return {
    get: async (path: string) => (await request.get(path, { headers })).json(),
    post: async (path: string, data: unknown) => {
      const response = await request.post(path, { data, headers });
      expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
    put: async (path: string, data: unknown) => {
      const response = await request.put(path, { data, headers });
      expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
  };
}

export async function enrolStaff(context: BrowserContext, origin: string, login: string, code: string) {
  const api = apiOf(context.request, origin);
  await api.post("/api/v1/auth/code/password", { login, code, password: `${login}-password-1` });
  return api;
}


/**
 * A Fuzhou institution of the published catalogue with a course it
 * teaches, and new staff accounts for it and for the city's bureau
 * (`<prefix>-school`, `<prefix>-bureau`), issued by a province account.
 */
export async function fuzhouStaff(
  browser: Browser,
  origin: string,
  provinceLogin: string,
  provinceCode: string,
  prefix: string,
) {
  const provinceContext = await browser.newContext();
  const province = await enrolStaff(provinceContext, origin, provinceLogin, provinceCode);
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
  const level: string = course.subsidy.amounts[0].level;
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
  const clerkLogin = `${prefix}-school`;
  const clerk = await enrolStaff(clerkContext, origin, clerkLogin, await issued("institution", clerkLogin));
  const bureauContext = await browser.newContext();
  const bureauLogin = `${prefix}-bureau`;
  const bureau = await enrolStaff(bureauContext, origin, bureauLogin, await issued("bureau", bureauLogin));
  return { province, provinceContext, clerk, clerkContext, bureau, bureauContext, institutionId, courseId, level };
}

/**
 * A worker who registers with a passkey on a phone of their own (a new
 * browser context with a virtual authenticator), in Fuzhou, in one worker
 * category; returns the phone, signed in on the account page.
 */
export async function registeredWorker(browser: Browser, name: string, mobile: string, category: string) {
  const context = await browser.newContext();
  const phone = await context.newPage();
  await addPhone(context, phone);
  await phone.goto("/register");
  await phone.getByLabel("姓名（与身份证一致）").fill(name);
  const id = idNumber(Math.floor(Math.random() * 900) + 50);
  await phone.getByLabel("身份证号码").fill(id);
  await phone.getByLabel("手机号码").fill(mobile);
  await phone.getByLabel("所在城市").selectOption("350100");
  await phone.getByLabel(category).check();
  await phone.getByRole("button", { name: "用通行密钥注册" }).click();
  await expect(phone).toHaveURL(/\/account$/);
  return { context, phone, idNumber: id };
}

/** Runs one of the support scripts (end2end/support/) on the e2e server's database (an SQLite file or a PostgreSQL URL). */
export function onDatabase(script: string, classId: number) {
  const database = process.env.SKILLPASS_E2E_DB;
  expect(database, "scripts/e2e.sh passes the server's database file").toBeTruthy();
  execFileSync("python3", [path.join(__dirname, "..", "support", script), database!, String(classId)]);
}

/** The password of the workers [`passwordWorker`] registers. */
export const PASSWORD = "a-long-password-1";

/** A worker who registers with a password on a phone that has no authenticator. */
export async function passwordWorker(browser: Browser, id: string, mobile: string) {
  const context = await browser.newContext();
  const phone = await context.newPage();
  await phone.goto("/register");
  // The island closes the password fallback once it knows the browser has WebAuthn.
  await hydrated(phone);
  await phone.getByLabel("姓名（与身份证一致）").fill("吴七");
  await phone.getByLabel("身份证号码").fill(id);
  await phone.getByLabel("手机号码").fill(mobile);
  await phone.getByLabel("所在城市").selectOption("350100");
  await phone.getByLabel("返乡农民工").check();
  await phone.getByText("或者使用密码（安全性较低）").click();
  await phone.getByLabel("密码").fill(PASSWORD);
  await phone.getByRole("button", { name: "用密码注册" }).click();
  await expect(phone).toHaveURL(/\/account$/);
  return { context, phone };
}
