/**
 * `npm run bench -- --sql-start [--reps R]` (issue 23): what the first SQL node of a session pays
 * for DuckDB (its script and 34 MB wasm fetched, compiled and started in the compute realm). The
 * built app on a plain static server, a persistent profile with its service worker: the
 * `sql-aggregates` example runs, then runs again with another input; the first run's
 * processed_data less the second's is DuckDB's start (the data is ten rows). Then the browser is
 * closed, reopened offline on the same profile, and the same is measured from the offline copy.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { build } from "vite";
import { chromiumLaunchOptions } from "../scripts/chromium.mjs";
import { serveStatic } from "../scripts/static-server.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "bench", ".app-sql");

/** The node card's duration ("340 ms", "1.25 s") in ms. */
async function durationOf(page, node) {
  const text = await page.getByTestId(`graph-node-${node}`).innerText();
  const found = /(\d+(?:\.\d+)?)\s*(ms|s)\b/.exec(text);
  if (!found) throw new Error(`no duration on ${node}: ${text}`);
  return Number(found[1]) * (found[2] === "s" ? 1000 : 1);
}

async function runWith(page, cutoff) {
  await page.getByTestId("input-cutoff_date").fill(cutoff);
  const items = page.getByTestId("run-history").getByTestId("run-item");
  const before = await items.count();
  await page.getByTestId("run-button").click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="run-history"] [data-testid="run-item"]').length > n, before, { timeout: 120_000 });
  const status = await page.getByTestId("graph-node-processed_data").getAttribute("data-status");
  if (status !== "executed") throw new Error(`processed_data ${status}`);
  return durationOf(page, "processed_data");
}

async function session(profile, url, offline, cutoffs) {
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), viewport: { width: 1280, height: 800 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}?example=sql-aggregates`);
    // The first visit installs the service worker; offline, it serves the app.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 60_000 }).catch(() => undefined);
    if (offline) await context.setOffline(true);
    if (offline) await page.reload();
    await page.getByTestId("run-button").waitFor({ timeout: 60_000 });
    const first = await runWith(page, cutoffs[0]);
    const second = await runWith(page, cutoffs[1]);
    return { first, second, start: first - second };
  } finally {
    await context.close();
  }
}

export async function benchSqlStart({ reps = 3, json = false }) {
  await build({ root: ROOT, logLevel: "warn", build: { outDir: OUT, emptyOutDir: true } });
  const served = await serveStatic(OUT, "/");
  const figures = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      const profile = mkdtempSync(join(tmpdir(), "sluice-sql-start-"));
      try {
        const network = await session(profile, served.url, false, ["2024-09-01", "2024-09-05"]);
        const offline = await session(profile, served.url, true, ["2024-09-02", "2024-09-06"]);
        figures.push({ network_start_ms: network.start, offline_start_ms: offline.start, later_query_ms: network.second });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await served.close();
    rmSync(OUT, { recursive: true, force: true });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const row = Object.fromEntries(Object.keys(figures[0]).map((k) => [k, median(figures.map((f) => f[k]))]));
  if (json) console.log(JSON.stringify({ system: "sluice", scenario: "sql-start", ...row, reps }));
  else console.log(`DuckDB's first start (median of ${reps}): from the network ${row.network_start_ms} ms, from the offline copy ${row.offline_start_ms} ms; a later query ${row.later_query_ms} ms`);
}
