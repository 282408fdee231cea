// Where to find a Chromium, shared by the e2e config, ensure-chromium and the benchmark.
// Order: $CHROMIUM_PATH, the distribution's /usr/bin/chromium, then Playwright's own download.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/** Flags for containers and CI: no sandbox (often root), no GPU, and no network chatter of its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const SYSTEM_PATHS = ["/usr/bin/chromium"];

/** @returns {{ path: string, source: "env" | "system" | "playwright" } | undefined} */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, source: "env" };
    console.warn(`CHROMIUM_PATH=${fromEnv} does not exist; looking elsewhere`);
  }
  const system = SYSTEM_PATHS.find((p) => existsSync(p));
  if (system) return { path: system, source: "system" };
  const own = chromium.executablePath();
  if (own && existsSync(own)) return { path: own, source: "playwright" };
  return undefined;
}

/** Launch options for Playwright: Playwright's default browser when no other is found. */
export function chromiumLaunchOptions() {
  return { executablePath: findChromium()?.path, args: CHROMIUM_ARGS };
}
