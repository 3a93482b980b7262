// A sweep of every page of the product, as each role sees it: no console
// error (the shared guard), no axe-core violation at WCAG 2 A and AA, no
// horizontal overflow, and on the worker's pages touch targets of at least
// 44 × 44 px. Worker and visitor pages run at 360 × 740, staff pages at
// 1280 × 800. A new page joins the sweep by being listed once in PAGES.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "@playwright/test";

import { expect, expectLogged, hydrated, test } from "./fixtures";
import { apiOf, chinaTime, fuzhouStaff, onDatabase, registeredWorker } from "./support";

type Role = "visitor" | "worker" | "institution" | "employer" | "bureau" | "province";

/** The records the listed pages show, made once before the sweep. */
type World = {
  courseId: number;
  /** Fuzhou's published course catalogue (the demo's, adjusted once). */
  courseEditionId: number;
  institutionId: number;
  /** Ended, attended, assessed, with the worker's claim filed. */
  endedClassId: number;
  claimId: number;
  /** Its one session starts in a few minutes: check-in is open. */
  runningSessionId: number;
  /** An employer's training of its own staff (直补企业), the worker enrolled. */
  employerClassId: number;
  /** A campaign sent to the city's returning migrants (the worker among them), and a draft. */
  campaignId: number;
  draftCampaignId: number;
  /** The code on the classroom screen now: it rotates, so it is read when needed. */
  checkInPath: () => Promise<string>;
  displayPath: string;
};

type SweepPage = {
  role: Role;
  /** The address, with `{name}` standing for a record of the World. */
  path: string;
  /** A page with an island, hydrated in the browser; every other page loads no WebAssembly. */
  island?: boolean;
  /** The HTTP status the page answers with, when not 200. */
  status?: number;
};

const page = (role: Role, path: string, more: Partial<SweepPage> = {}): SweepPage => ({ role, path, ...more });

/** Every page of the product, once per role that uses it. */
const PAGES: SweepPage[] = [
  page("visitor", "/"),
  page("visitor", "/courses?city=350100"),
  page("visitor", "/courses/{courseId}"),
  page("visitor", "/institutions?city=350100"),
  page("visitor", "/institutions/{institutionId}"),
  page("visitor", "/no-such-page", { status: 404 }),
  page("visitor", "/register", { island: true }),
  page("visitor", "/employers/register"),
  page("visitor", "/orders"),
  page("visitor", "/sign-in", { island: true }),
  page("visitor", "/recover", { island: true }),
  page("visitor", "/enrol", { island: true }),
  page("visitor", "/account"),
  page("visitor", "/classes"),
  page("visitor", "/classes/{endedClassId}"),
  page("worker", "/"),
  page("worker", "/account", { island: true }),
  page("worker", "/my/classes"),
  page("worker", "/my/subsidies"),
  page("worker", "/inbox"),
  page("worker", "/classes/{endedClassId}"),
  page("worker", "{checkInPath}", { island: true }),
  page("institution", "/classes"),
  page("institution", "/classes/new", { island: true }),
  page("institution", "/classes/{endedClassId}"),
  page("institution", "/classes/{endedClassId}/completion"),
  page("institution", "/sessions/{runningSessionId}/screen", { island: true }),
  page("institution", "/sessions/{runningSessionId}/roster", { island: true }),
  page("institution", "{displayPath}", { island: true }),
  page("institution", "/account", { island: true }),
  page("institution", "/inbox"),
  page("institution", "/orders"),
  page("employer", "/classes"),
  page("employer", "/classes/new", { island: true }),
  page("employer", "/classes/{employerClassId}"),
  page("employer", "/classes/{employerClassId}/employment"),
  page("employer", "/orders"),
  page("bureau", "/classes"),
  page("bureau", "/classes/{endedClassId}"),
  page("bureau", "/classes/{employerClassId}/employment"),
  page("bureau", "/risk-warnings"),
  page("bureau", "/subsidy-claims"),
  page("bureau", "/subsidy-claims/{claimId}"),
  page("bureau", "/staff/accounts"),
  page("bureau", "/worker-categories"),
  page("bureau", "/orders"),
  page("bureau", "/employers"),
  page("bureau", "/campaigns"),
  page("bureau", "/campaigns/new"),
  page("bureau", "/campaigns/{draftCampaignId}"),
  page("bureau", "/campaigns/{campaignId}"),
  page("bureau", "/oversight"),
  page("bureau", "/oversight/targets"),
  page("bureau", "/oversight/institutions"),
  page("bureau", "/oversight/courses"),
  page("bureau", "/oversight/inspections"),
  page("bureau", "/classes/{endedClassId}/inspections"),
  page("bureau", "/account", { island: true }),
  page("bureau", "/catalogue-editions"),
  page("bureau", "/catalogue-editions/{courseEditionId}"),
  page("bureau", "/catalogue-editions/{courseEditionId}/rows/{courseId}"),
  page("visitor", "/catalogue-editions/{courseEditionId}/history"),
  page("province", "/catalogue-editions"),
  page("province", "/catalogue-editions/{courseEditionId}"),
  page("province", "/staff/accounts"),
  page("province", "/worker-categories"),
  page("province", "/orders"),
  page("province", "/employers"),
  page("province", "/campaigns"),
  page("province", "/campaigns/{campaignId}"),
  page("province", "/oversight"),
  page("province", "/oversight?city=350100&shade=person_times"),
  page("province", "/oversight/targets"),
  page("province", "/oversight/institutions"),
  page("province", "/oversight/courses?city=350100"),
  page("province", "/oversight/inspections?city=350100"),
  page("institution", "/oversight/institutions"),
  page("institution", "/oversight/inspections"),
  page("institution", "/classes/{endedClassId}/inspections"),
  page("province", "/account", { island: true }),
];

/** The address of a listed page in this world. */
async function address(path: string, world: World) {
  let resolved = path;
  for (const [placeholder, name] of path.matchAll(/\{(\w+)\}/g)) {
    const value = world[name as keyof World];
    resolved = resolved.replace(placeholder, String(typeof value === "function" ? await value() : value));
  }
  return resolved;
}

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 800 };
const onPhone = (role: Role) => role === "visitor" || role === "worker";

type Api = ReturnType<typeof apiOf>;

/** One approved class whose sessions start these many minutes from now, applied for by `applicant` (the institution by default). */
async function approvedClass(
  staff: Awaited<ReturnType<typeof fuzhouStaff>>,
  startsInMinutes: number[],
  applicant: Api = staff.clerk,
  trainingType = "employment_skills",
) {
  const sessions = startsInMinutes.map((minutes) => {
    const start = chinaTime(minutes);
    const end = chinaTime(minutes + 90);
    return { date: start.date, start: start.time, end: end.date === start.date ? end.time : "23:59", mode: "offline" };
  });
  const applied = await applicant.post("/api/v1/classes", {
    course_id: staff.courseId,
    certificate_level: staff.level,
    training_type: trainingType,
    capacity: 30,
    teacher: "郑老师",
    venue: "福州市仓山区建新路 20 号",
    latitude: 26.0468,
    longitude: 119.2739,
    sessions,
    commitment: true,
  });
  await staff.bureau.post(`/api/v1/classes/${applied.id}/decision`, { decision: "approve" });
  return applied as { id: number; sessions: { id: number }[] };
}

/** A worker who registers with a passkey on the phone and enrols in these classes. */
async function enrolledWorker(browser: Browser, classIds: number[]) {
  const { context, phone } = await registeredWorker(browser, "周巡检", "13500135000", "返乡农民工");
  for (const id of classIds) {
    await phone.goto(`/classes/${id}`);
    await phone.getByRole("button", { name: "报名这个班" }).click();
    await expect(phone).toHaveURL(/\/my\/classes$/);
  }
  await phone.close();
  return context;
}

/** A company registered by its HR clerk (signed in in the context) and verified by the bureau. */
async function verifiedEmployer(browser: Browser, origin: string, bureau: Api) {
  const context = await browser.newContext();
  const api = apiOf(context.request, origin);
  const registered = await api.post("/api/v1/employers", {
    name: "福州巡检电子有限公司",
    credit_code: "91350100MA8TWEEP1H",
    address: "福州市马尾区江滨东大道 100 号",
    city: "350100",
    contact_person: "林晓",
    contact_mobile: "13800138000",
    display_name: "林晓",
    username: "sweep-hr",
    password: "sweep-hr-password-1",
  });
  await bureau.post(`/api/v1/employers/${registered.account.employer_id}/decision`, { decision: "verify" });
  return { context, api };
}

async function makeWorld(browser: Browser, origin: string) {
  const provinceCode = process.env.SKILLPASS_E2E_SWEEP_CODE;
  expect(provinceCode, "scripts/e2e.sh creates the sweep's province account").toBeTruthy();
  const staff = await fuzhouStaff(browser, origin, "fj-sweep", provinceCode!, "sweep");
  const ended = await approvedClass(staff, [24 * 60, 2 * 24 * 60]);
  const running = await approvedClass(staff, [5]);
  const { context: employerContext, api: employer } = await verifiedEmployer(browser, origin, staff.bureau);
  const ownTraining = await approvedClass(staff, [3 * 24 * 60], employer, "pre_job");
  const workerContext = await enrolledWorker(browser, [ended.id, running.id, ownTraining.id]);
  const worker = apiOf(workerContext.request, origin);

  // The ended class: attended with the passkey, six days ago, passed and verified.
  onDatabase("attend.py", ended.id);
  onDatabase("end_class.py", ended.id);
  const sheet = await staff.clerk.get(`/api/v1/classes/${ended.id}/completion`);
  const enrolmentId = sheet.entries[0].enrolment_id as number;
  await staff.clerk.put(`/api/v1/enrolments/${enrolmentId}/assessment`, {
    passed: true,
    score: 88,
    certificate_number: `S3501SWEEP${enrolmentId}`,
    certificate_level: staff.level,
    issued_on: chinaTime(0).date,
  });
  await staff.bureau.post(`/api/v1/enrolments/${enrolmentId}/certificate-verification`, { result: "verified" });
  const claim = await worker.post(`/api/v1/enrolments/${enrolmentId}/subsidy-claim`, { payee: "worker" });

  const campaignOf = (message: string) =>
    staff.bureau.post("/api/v1/campaigns", {
      offer_kind: "course",
      offer_id: String(staff.courseId),
      certificate_level: staff.level,
      message_zh: message,
      audience: { categories: ["returning_migrant"] },
    });
  const campaign = await campaignOf("家门口学技能，补贴到手");
  await staff.bureau.post(`/api/v1/campaigns/${campaign.id}/send`, {});
  const draftCampaign = await campaignOf("下月开班，欢迎报名");

  const sessionId = running.sessions[0].id;
  const display = await staff.clerk.get(`/api/v1/sessions/${sessionId}/display-link`);
  const course = await staff.province.get(`/api/v1/courses/${staff.courseId}`);
  const world: World = {
    courseId: staff.courseId,
    courseEditionId: course.catalogue.id,
    institutionId: staff.institutionId,
    endedClassId: ended.id,
    claimId: claim.id,
    runningSessionId: sessionId,
    employerClassId: ownTraining.id,
    campaignId: campaign.id,
    draftCampaignId: draftCampaign.id,
    checkInPath: async () => new URL((await staff.clerk.get(`/api/v1/sessions/${sessionId}/code`)).url).pathname,
    displayPath: new URL(display.url).pathname,
  };
  const contexts: Record<Role, BrowserContext> = {
    visitor: await browser.newContext(),
    worker: workerContext,
    institution: staff.clerkContext,
    employer: employerContext,
    bureau: staff.bureauContext,
    province: staff.provinceContext,
  };
  return { world, contexts };
}

/** axe-core at WCAG 2 A and AA, one line per violation and element. */
async function accessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.help}): ${node.target.join(" ")}`),
  );
}

/** Visible controls smaller than 44 × 44 px; links inside running text are exempt (WCAG 2.5.5). */
async function smallTouchTargets(page: Page) {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]",
    );
    const small: string[] = [];
    for (const control of controls) {
      // A checkbox or radio button is touched through its label.
      const target =
        control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio")
          ? (control.closest("label") ?? control)
          : control;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      const inRunningText =
        getComputedStyle(target).display === "inline" &&
        (target.parentElement?.textContent ?? "").trim().length > (target.textContent ?? "").trim().length;
      if (inRunningText) continue;
      if (box.width < 44 || box.height < 44) {
        const name = (target.textContent ?? "").trim().slice(0, 30) || target.getAttribute("aria-label") || "";
        small.push(`${target.tagName.toLowerCase()} "${name}": ${Math.round(box.width)} × ${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

/** Opens one listed page in a new tab of its role and checks it; failures are soft, so one run lists them all. */
async function sweepPage(entry: SweepPage, context: BrowserContext, world: World, pageErrors: string[]) {
  // The guard watches the tab: its context was made during this test.
  const tab = await context.newPage();
  try {
    await tab.setViewportSize(onPhone(entry.role) ? PHONE : DESK);
    const where = `${entry.role} ${entry.path}`;
    const webAssembly: string[] = [];
    tab.on("request", (request) => {
      if (request.url().endsWith(".wasm")) webAssembly.push(request.url());
    });
    const response = await tab.goto(await address(entry.path, world));
    expect.soft(response?.status(), `${where}: HTTP status`).toBe(entry.status ?? 200);
    if (entry.island) await hydrated(tab);
    await tab.waitForLoadState("networkidle");
    if (!entry.island) expect.soft(webAssembly, `${where}: WebAssembly on a page without an island`).toEqual([]);

    expect.soft(await accessibilityViolations(tab), `${where}: axe-core, WCAG 2 A and AA`).toEqual([]);
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect.soft(overflow, `${where}: horizontal overflow in px`).toBeLessThanOrEqual(0);
    if (onPhone(entry.role)) {
      expect.soft(await smallTouchTargets(tab), `${where}: touch targets under 44 × 44 px`).toEqual([]);
    }
  } finally {
    await tab.close();
  }
  if (entry.status === 404) {
    // Chromium reports the page's own status as a failed resource.
    expectLogged(pageErrors, /status of 404/);
  }
}

test("every page, as each role sees it, is accessible, fits and logs no error", async ({ browser, baseURL, pageErrors }) => {
  test.setTimeout(300_000);
  const { world, contexts } = await makeWorld(browser, baseURL!);
  for (const entry of PAGES) {
    await test.step(`${entry.role}: ${entry.path}`, () => sweepPage(entry, contexts[entry.role], world, pageErrors));
  }
});
