// The `test` every spec uses: Playwright's, with a guard that fails the
// test when any page it opened, in any browser context, throws an uncaught
// error or logs a console message of level error.
import { test as base, type Browser, type BrowserContext, type Page } from "@playwright/test";

export { expect } from "@playwright/test";

type Guard = {
  /** What the pages of this test logged as errors, in order. */
  pageErrors: string[];
};

/** Records what this page throws or logs as an error. */
function watchPage(page: Page, errors: string[]) {
  page.on("pageerror", (error) => errors.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      errors.push(`${page.url()}: console error: ${message.text()}`);
    }
  });
}

function watchContext(context: BrowserContext, errors: string[]) {
  context.pages().forEach((page) => watchPage(page, errors));
  context.on("page", (page) => watchPage(page, errors));
}

/** Contexts a test makes itself (a second phone, a staff desk) are watched too. */
function watchNewContexts(browser: Browser, errors: string[]) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    watchContext(context, errors);
    return context;
  };
  return () => {
    browser.newContext = newContext;
  };
}

export const test = base.extend<Guard>({
  pageErrors: [
    async ({ browser, context }, use) => {
      const errors: string[] = [];
      watchContext(context, errors);
      const restore = watchNewContexts(browser, errors);
      await use(errors);
      restore();
      if (errors.length > 0) {
        throw new Error(`no page may log an error, but these did:\n${errors.join("\n")}`);
      }
    },
    { auto: true },
  ],
});

/**
 * Takes one expected entry out of the guard's list: a test that provokes
 * an error answer on purpose (a used code, a missing page) says so, and
 * fails if the error was not logged.
 */
export function expectLogged(pageErrors: string[], pattern: RegExp) {
  const index = pageErrors.findIndex((error) => pattern.test(error));
  if (index < 0) {
    throw new Error(`expected a logged error matching ${pattern}, but the pages logged:\n${pageErrors.join("\n")}`);
  }
  pageErrors.splice(index, 1);
}

/** Waits until the page's islands have hydrated (an island marks the body). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === "true");
}
