/**
 * `npm run bench -- --upload <MB>`: a file of that size picked in the Files panel of the built app
 * (a persistent on-disk profile, so OPFS and IndexedDB are the real ones), measured as a user
 * lives it: the upload's wall time, the page's long tasks while it streams, and the resident
 * memory of the page and its workers (VmRSS, as `--sweep` samples it). A page that held the whole
 * file would grow by at least its size; a streamed upload grows by a few slices.
 * Prints one JSON line.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../scripts/chromium.mjs";
import { sampleMemory } from "./browser.mjs";
import { serveApp } from "./ui.mjs";

/** A CSV of about `mb` MiB, written in chunks so this process never holds it either. */
async function writeCsv(path, mb) {
  const out = createWriteStream(path);
  out.write("id,city,amount,note\n");
  const pad = "x".repeat(160);
  let i = 0;
  while (out.bytesWritten + out.writableLength < mb * 2 ** 20) {
    const lines = [];
    for (let k = 0; k < 10_000; k++, i++) lines.push(`${i},city ${i % 50},${i % 1000},${pad}`);
    if (!out.write(lines.join("\n") + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return statSync(path).size;
}

// Installed before the upload: long tasks, and the end of the upload as the page shows it.
function watchUpload() {
  return new Promise((resolve) => {
    const seen = { longTasks: [], progressSteps: 0, started: performance.now() };
    const tasks = new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.longTasks.push(Math.round(e.duration))));
    tasks.observe({ type: "longtask" });
    let last;
    const bars = new MutationObserver(() => {
      const now = document.querySelector('[data-testid="upload-progress"]')?.getAttribute("aria-valuenow");
      if (now !== undefined && now !== last) {
        last = now;
        seen.progressSteps++;
      }
      const done = document.querySelector('[data-testid="upload-status"][data-done="true"]');
      if (!done) return;
      seen.ms = performance.now() - seen.started;
      seen.said = done.textContent;
      bars.disconnect();
      requestAnimationFrame(() => setTimeout(() => (tasks.disconnect(), resolve(seen)), 100));
    });
    bars.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow", "data-done"] });
  });
}

export async function benchUpload({ mb, json }) {
  const dir = mkdtempSync(join(tmpdir(), "sluice-upload-"));
  const { server, url } = await serveApp(true);
  const profileDir = join(dir, "profile");
  let context;
  try {
    const path = join(dir, "big.csv");
    const bytes = await writeCsv(path, mb);
    context = await chromium.launchPersistentContext(profileDir, { headless: true, viewport: { width: 1280, height: 800 }, ...chromiumLaunchOptions() });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(`${url}?example=basics`);
    await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
    await page.getByRole("tab", { name: /Files/ }).click();
    await page.waitForTimeout(1000);
    const load = loadavg()[0];
    const memory = sampleMemory(profileDir);
    const watched = page.evaluate(watchUpload);
    await page.getByTestId("files").locator('input[type="file"]').setInputFiles(path);
    const seen = await watched;
    const { peak, start } = memory.stop();
    const row = {
      file_mb: Math.round((bytes / 2 ** 20) * 10) / 10,
      upload_ms: Math.round(seen.ms),
      progress_steps: seen.progressSteps,
      long_tasks: seen.longTasks.length,
      max_long_task_ms: Math.max(0, ...seen.longTasks),
      peak_rss_mb: Math.round(peak / 2 ** 20),
      rss_growth_mb: Math.round((peak - start) / 2 ** 20),
      load_average: Math.round(load * 100) / 100,
      said: seen.said,
    };
    if (json) console.log(JSON.stringify(row));
    else for (const [k, v] of Object.entries(row)) console.log(`  ${k.padEnd(18)} ${v}`);
  } finally {
    await context?.close();
    server.httpServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
