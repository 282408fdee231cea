import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/browser";

// A port of its own, apart from `vite` (5173) and `vite preview` (4173), so a running dev server
// is never mistaken for the build under test.
const PORT = Number(process.env.SLUICE_E2E_PORT ?? 4179);
const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "e2e",
  // Tests share nothing but the server: each opens a fresh context (or its own on-disk profile),
  // so IndexedDB starts empty. Two at a time keeps the whole suite near 4 minutes on 2 cores.
  workers: 2,
  // Tests, not files, are shared out: the persistent-profile faults file alone is ~5 minutes.
  fullyParallel: true,
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  // Two tests at a time on 2 slow cores: a spec that loads the app five times (share, tutorial,
  // the persistent-profile faults) needs 45-80 s there, and a timeout is a failure, not a finding.
  timeout: 150_000,
  // Monaco and the first worker run take a few seconds on a cold, slow machine (3.5 s idle here).
  expect: { timeout: 30_000 },
  reporter: CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    // Recording a full trace (a screenshot stream and a DOM snapshot per action) costs ~40% more CPU
    // for every test: caching.spec took 77-80 s of CPU with it, 47-62 s without. CI records one
    // only when a failed test is retried. Elsewhere (`.ci/run` on a workstation sets no CI) every
    // test records a trace without the screenshots and snapshots: the steps, call logs and console
    // of a failure are kept (with the failure's screenshot below) for about the CPU of
    // no trace (caching.spec, interleaved at load ~20: 41 and 49 s of CPU; none 47 and 46; full
    // 57 and 63). `--trace on` records a full one.
    trace: CI ? "on-first-retry" : { mode: "retain-on-failure", screenshots: false, snapshots: false },
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    // The built app registers a service worker that downloads the whole build to precache it;
    // only e2e/offline.spec.ts wants that, so the other specs fetch no more than they use.
    serviceWorkers: "block",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions() },
    },
  ],
  webServer: {
    command: `node scripts/serve-dist.mjs ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !CI,
    timeout: 120_000,
  },
});
