import { defineConfig, devices } from "@playwright/test";

// The server is started by `make e2e` (scripts/e2e.sh) on this port with a
// fresh SQLite database and demo data. WebAuthn needs the name localhost.
const port = process.env.SKILLPASS_E2E_PORT ?? "3400";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    ...devices["Pixel 5"],
    viewport: { width: 360, height: 740 },
    locale: "zh-CN",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "phone-chromium" }],
});
