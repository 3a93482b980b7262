// Helpers shared by the end-to-end specs: the phone's authenticator, ID
// numbers, China times and JSON API calls from a signed-in context.
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";

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
