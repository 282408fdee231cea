/**
 * `npm run bench -- --soak [--runs N] [--rows R] [--json]`: long use (issue 21). One tab of the
 * built app on a persistent on-disk profile runs a small dataflow N times (default 400), every run
 * storing new results: odd runs change an input, even runs edit the code. A second tab opens and
 * closes throughout. The cache's size limit is set low (16 MB) so that eviction works the whole
 * time. Every 50 runs, with the second tab closed and after a forced GC, it records: the page's
 * JS heap (CDP), the resident memory of every renderer (page, engine worker, compute realm; VmRSS),
 * what the site stores (`navigator.storage.estimate()`), the runs in history, and the median run
 * time (click to the run's record in history) of the 50 runs before.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../scripts/chromium.mjs";
import { rendererPids, rssBytes } from "./browser.mjs";
import { serveApp } from "./ui.mjs";
import { heapGrowth, heapSummary } from "./heapSummary.mjs";

const CACHE_LIMIT_MB = 16;
const EVERY = 50;
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The dataflow of run `edit`: its constant changes with each code edit, so each edit stores anew. */
const source = (edit) => `import * as aq from "arquero";

export function raw(n_rows) {
  return aq.table({
    id: Float64Array.from({ length: n_rows }, (_, i) => i),
    v: Float64Array.from({ length: n_rows }, (_, i) => (i * 7919) % 997),
  });
}

export function scaled(raw) {
  return raw.derive({ w: "d => d.v * ${(1 + edit / 1000).toFixed(3)}" });
}

export function summary(scaled) {
  return scaled.rollup({ total: aq.op.sum("w"), n: aq.op.count() }).objects()[0];
}
`;

async function paste(page, text) {
  await page.getByTestId("editor").locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}

/** Clicks Run and waits until the history's newest record is this run's, finished. */
async function runOnce(page) {
  const before = await page.evaluate(() => {
    const items = document.querySelectorAll('[data-testid="run-history"] [data-testid="run-item"]');
    return items[items.length - 1]?.getAttribute("data-run-id") ?? null;
  });
  await page.getByTestId("run-button").click({ timeout: 60_000 });
  const started = Date.now();
  await page.waitForFunction(
    (prev) => {
      const items = document.querySelectorAll('[data-testid="run-history"] [data-testid="run-item"]');
      const newest = items[items.length - 1];
      return newest && newest.getAttribute("data-run-id") !== prev && newest.getAttribute("data-status") === "succeeded";
    },
    before,
    { timeout: 60_000, polling: 50 },
  );
  return Date.now() - started;
}

async function checkpoint(page, cdp, profileDir, run, times) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const storage = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage ?? 0));
  const history = await page.getByTestId("run-history").getByTestId("run-item").count();
  // The cache's own account (results, history, files), beside the browser's estimate of the site.
  const cache = (await page.getByTestId("cache-usage").textContent({ timeout: 5_000 }).catch(() => "")) ?? "";
  const rss = rendererPids(profileDir).reduce((sum, pid) => sum + rssBytes(pid), 0);
  return { run, run_ms_median: times.length ? median(times) : null, page_heap_mb: mb(usedSize), renderers_rss_mb: mb(rss), storage_mb: mb(storage), history_runs: history, cache: cache.trim() };
}

export async function benchSoak({ runs = 400, rows = 20_000, json = false }) {
  const dir = mkdtempSync(join(tmpdir(), "sluice-soak-"));
  // Unminified while tracing the heap, so constructors keep their names.
  const { server, url } = await serveApp(!process.env.SOAK_HEAP);
  const profileDir = join(dir, "profile");
  const context = await chromium.launchPersistentContext(profileDir, { headless: true, viewport: { width: 1280, height: 800 }, serviceWorkers: "block", ...chromiumLaunchOptions() });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(`${url}?example=basics`);
    await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
    await paste(page, source(0));
    await page.getByTestId("request-summary").check({ timeout: 30_000 });
    await page.getByTestId("request-processed_data").uncheck().catch(() => undefined);
    await page.getByTestId("input-n_rows").fill(String(rows));
    await page.getByLabel("How to read n_rows").selectOption("number");
    await page.getByTestId("tab-cache").click();
    await page.getByTestId("cache-limit").getByRole("spinbutton").fill(String(CACHE_LIMIT_MB));
    await page.getByTestId("cache-set-limit").click();
    await page.getByTestId("cache-message").waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send("HeapProfiler.enable");

    const figures = [];
    let times = [];
    let second;
    let edits = 0;
    let lastHeap;
    for (let i = 1; i <= runs; i++) {
      if (i % 2 === 0) await paste(page, source(++edits));
      else await page.getByTestId("input-n_rows").fill(String(rows + ((i * 37) % 1000)));
      times.push(await runOnce(page));
      if (process.env.SOAK_SHOTS) await page.screenshot({ path: `bench/.out/soak-${i}.png` });
      // The second tab: opened at 10 past each checkpoint, closed at 35 past.
      if (i % EVERY === 10) {
        second = await context.newPage();
        await second.goto(url);
        await second.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
      } else if (i % EVERY === 35 && second) {
        await second.close();
        second = undefined;
      }
      if (i === 1 || i % EVERY === 0) {
        const row = await checkpoint(page, cdp, profileDir, i, times);
        // SOAK_HEAP=1: what the page's heap gained since the last checkpoint, by constructor.
        if (process.env.SOAK_HEAP && i > 1) {
          const summary = await heapSummary(cdp);
          if (lastHeap) for (const r of heapGrowth(lastHeap, summary)) console.log(`  heap +${r.bytes} B  ${r.count >= 0 ? "+" : ""}${r.count}  ${r.name}`);
          lastHeap = summary;
        }
        figures.push(row);
        if (!json) console.log(Object.entries(row).map(([k, v]) => `${k}=${v}`).join("  "));
        times = [];
      }
    }
    const [start, end] = [figures[1] ?? figures[0], figures[figures.length - 1]];
    const summary = { runs, rows, cache_limit_mb: CACHE_LIMIT_MB, start, end, checkpoints: figures };
    if (json) console.log(JSON.stringify(summary));
    return summary;
  } finally {
    await context.close();
    server.httpServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
