/**
 * `npm run bench -- --ui --only published [--loads L] [--rows N]`: issue 20's targets, on the
 * built app (with a demo of its own baked in, SLUICE_PUBLISHED_DIR) served from a sub-path by a
 * plain static server (scripts/static-server.mjs: `vite preview` gzips on the fly):
 * - a published dataflow whose requested output is an N-row table (made by the engine in Node);
 * - first graph with the published statuses: navigation start to the first graph card that
 *   shows a status, on `?published=<slug>`, median of L fresh contexts;
 * - a click on the table's card to the preview's first row, and which published paths that
 *   fetched (only that body);
 * - Trust and Run unchanged: nodes executed, and the published bytes fetched by the run;
 * - one input changed: which nodes executed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "@playwright/test";
import { build, createServer } from "vite";
import { serveStatic } from "../scripts/static-server.mjs";

const SLUG = "bench-table";

/** An N-row table (the chart benchmark's transactions) and a filter of it by an input. */
function demoSource(rows) {
  return `import * as aq from "arquero";

const CITIES = ["New York", "Los Angeles", "Chicago", "Montréal", "Vancouver", "Houston", "Phoenix", "Mexico City", "Chihuahua City", "Rio de Janeiro"];

/** ${rows} transactions: a city, an amount and a score. */
export function transactions(): aq.ColumnTable {
  const n = ${rows};
  const city = new Array(n), amount = new Float64Array(n), score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    city[i] = CITIES[i % 10];
    amount[i] = ((i * 7919) % 100000) / 100;
    score[i] = (i % 97) - 48;
  }
  return aq.table({ city, amount, score });
}

/** The transactions of at least min_amount. */
export function large_transactions(transactions: aq.ColumnTable, min_amount: number): aq.ColumnTable {
  return transactions.params({ min_amount }).filter((d, $) => d.amount >= $.min_amount);
}
`;
}

/** The author's side, in Node: one run, published with its requested output. */
export async function makeBundle(root, rows) {
  // A dev server sets NODE_ENV=development for the process, which would make the build after
  // this one a development build: put back what it was.
  const nodeEnv = process.env.NODE_ENV;
  const server = await createServer({ root, server: { middlewareMode: true }, appType: "custom", logLevel: "error" });
  try {
    const { Builder, createMemoryBackend, buildBundle } = await server.ssrLoadModule("/src/engine/index.ts");
    const source = demoSource(rows);
    const backend = createMemoryBackend("bench-author");
    const dr = await new Builder().withModules(source).withCache({ backend }).build();
    await dr.execute(["large_transactions"], { inputs: { min_amount: 100 } });
    const workspace = { source, inputs: { values: { min_amount: "100" }, types: { min_amount: "number" } }, driver: {}, behaviors: {}, requested: ["large_transactions"] };
    return await buildBundle(backend, { name: "Bench table", workspace, runIds: dr.cache.runIds, results: "all" });
  } finally {
    await server.close();
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Installed before any page script: the moment a graph card first shows a status.
function observeStatus() {
  window.__published = { firstStatus: undefined };
  const look = () => {
    const card = document.querySelector('[data-testid^="graph-node-"][data-status]');
    if (card && card.getBoundingClientRect().width > 0) window.__published.firstStatus = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

async function visit(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(observeStatus);
  const page = await context.newPage();
  const fetched = [];
  page.on("requestfinished", async (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.includes("/published/")) return;
    // The declared length (the static server sends it): reading sizes() would fetch the body over CDP.
    const length = await (await request.response())?.headerValue("content-length");
    fetched.push({ path: path.slice(path.indexOf("/published/") + "/published/".length), bytes: Number(length ?? 0) });
  });
  await page.goto(`${url}?published=${SLUG}`);
  await page.waitForFunction(() => window.__published.firstStatus !== undefined, undefined, { timeout: 60_000 });
  return { page, context, fetched, firstStatus: await page.evaluate(() => window.__published.firstStatus) };
}

const bodiesOf = (fetched) => fetched.filter((f) => f.path.includes("/results/") || f.path.includes("/files/"));
const executed = (page) => page.$$eval('[data-testid^="graph-node-"][data-status="executed"]', (cards) => cards.map((c) => c.dataset.testid.replace("graph-node-", "")));

/** Builds the app with the demo in it and serves it from a sub-path with a plain static server. */
export async function publishedFigures({ root, chromium, launchOptions, rows, loads }) {
  const { bytes, manifest, report } = await makeBundle(root, rows);
  const dir = mkdtempSync(join(tmpdir(), "sluice-bench-published-"));
  mkdirSync(join(dir, "published"));
  writeFileSync(join(dir, "published", `${SLUG}.sluice`), bytes);
  process.env.SLUICE_PUBLISHED_DIR = join(dir, "published");
  await build({ root, logLevel: "warn", build: { outDir: join(dir, "dist"), emptyOutDir: true } });
  delete process.env.SLUICE_PUBLISHED_DIR;
  const { url, close } = await serveStatic(join(dir, "dist"), "/demo/");
  const browser = await chromium.launch({ headless: true, ...launchOptions });
  try {
    const graphTimes = [];
    for (let i = 0; i < loads; i++) {
      const { context, firstStatus } = await visit(browser, url);
      graphTimes.push(firstStatus);
      await context.close();
    }
    const { page, context, fetched } = await visit(browser, url);
    // A visitor reads the graph before clicking: the click comes once the page has settled (the
    // editor loaded, the service worker's precache done) and a second has passed. Right after the
    // first graph, on 2 cores, that work competes with the preview (570-990 ms then).
    await expect(page.getByTestId("editor").locator(".monaco-editor")).toBeVisible({ timeout: 60_000 });
    await page.evaluate(() => navigator.serviceWorker?.ready);
    await page.waitForTimeout(1000);
    const beforeClick = fetched.length;
    const preview = page.getByTestId("preview");
    // Timed in the page: from the click's pointerdown to the frame that shows the first row.
    await page.evaluate(() => {
      document.addEventListener(
        "pointerdown",
        () => {
          window.__published.clickAt = performance.now();
          const look = () => {
            if (document.querySelector('[data-testid="preview"] .sl-grid-row span:nth-child(2)')?.textContent) window.__published.rowsAt = performance.now();
            else requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        },
        { capture: true, once: true },
      );
    });
    await page.getByTestId("graph-node-large_transactions").click();
    await page.waitForFunction(() => window.__published.rowsAt !== undefined, undefined, { timeout: 60_000 });
    const previewMs = await page.evaluate(() => window.__published.rowsAt - window.__published.clickAt);
    await expect(preview).toContainText("New York");
    const previewFetched = bodiesOf(fetched.slice(beforeClick));

    await page.getByTestId("link-trust").click();
    const runs = page.getByTestId("run-history").getByTestId("run-item");
    const count = await runs.count();
    let mark = fetched.length;
    await page.getByTestId("run-button").click();
    await expect(runs).toHaveCount(count + 1, { timeout: 120_000 });
    await expect(page.getByTestId("graph-node-large_transactions")).toHaveAttribute("data-status", "cached");
    const unchanged = { executed: await executed(page), fetched: bodiesOf(fetched.slice(mark)) };

    mark = fetched.length;
    await page.getByTestId("input-min_amount").fill("500");
    await page.getByTestId("run-button").click();
    await expect(runs).toHaveCount(count + 2, { timeout: 120_000 });
    await expect(page.getByTestId("graph-node-large_transactions")).toHaveAttribute("data-status", "executed");
    const changed = { executed: await executed(page), fetched: bodiesOf(fetched.slice(mark)) };
    await context.close();

    const bodyBytes = Object.fromEntries(manifest.results.map((r) => [r.path, r.bytes]));
    return {
      rows,
      bundle_bytes: bytes.byteLength,
      bodies: manifest.results.map((r) => ({ path: r.path, format: r.format, bytes: r.bytes })),
      body_bytes: report.bodyBytes,
      first_graph_ms: Math.round(median(graphTimes)),
      first_graph_loads: graphTimes.map(Math.round),
      preview_first_rows_ms: Math.round(previewMs),
      preview_fetched: previewFetched.map((f) => f.path),
      trust_run_executed: unchanged.executed,
      trust_run_fetched_bytes: unchanged.fetched.reduce((n, f) => n + (f.bytes || bodyBytes[f.path.split("/").slice(1).join("/")] || 0), 0),
      input_change_executed: changed.executed,
      input_change_fetched: changed.fetched.map((f) => f.path),
    };
  } finally {
    await browser.close();
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}
