import { chromium, expect, test, type BrowserContext, type Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clickRun, expectStatuses, replaceCode, run, runItems, waitForEditor } from "./app";
import { chromiumLaunchOptions } from "./browser";

/**
 * The fault suite (issue 11), on persistent on-disk profiles (an incognito context keeps
 * IndexedDB in memory, so a restart would find nothing). Each fault ends the same way: nothing
 * stored before is lost, no wrong value is served, the next run works, and the page said what
 * happened in words.
 */
const SOURCE = `import * as aq from "arquero";
import { cache } from "sluice";

export function raw_data() {
  return aq.table({ country: ["USA", "Canada", "USA"], amount: [10, 20, 30] });
}

export const totals = cache({ format: "json" }, (raw_data) => ({ sum: raw_data.array("amount").reduce((a, b) => a + b, 0) }));

export function report(totals, raw_data) {
  return \`sum \${totals.sum} of \${raw_data.numRows()} rows\`;
}
`;

interface Browser {
  context: BrowserContext;
  page: Page;
}

let profile: string;
const launched = new Set<string>();
test.beforeEach(() => {
  profile = mkdtempSync(join(tmpdir(), "sluice-faults-"));
});
test.afterEach(() => rmSync(profile, { recursive: true, force: true }));

async function launch(baseURL: string | undefined, extraArgs: string[] = []): Promise<Browser> {
  // As in every other spec (playwright.config.ts): no service worker, which would download and
  // precache the whole build on the profile's first start (~2.5 s of CPU before the editor shows).
  const options = chromiumLaunchOptions();
  const context = await chromium.launchPersistentContext(profile, { ...options, args: [...options.args, ...extraArgs], baseURL, serviceWorkers: "block" });
  const page = context.pages()[0] ?? (await context.newPage());
  // A fresh profile starts on an example (a first visit would open the build's published demo);
  // a restarted one reopens what it had open, as a user's browser does.
  await page.goto(launched.has(profile) ? "./" : "./?example=basics");
  launched.add(profile);
  await waitForEditor(page);
  return { context, page };
}

/** Flips a byte (or rewrites text) of a node's stored result, straight in IndexedDB. */
async function tamper(page: Page, node: string, how: "flip" | "json"): Promise<void> {
  await page.evaluate(
    async ([node, how]) => {
      const ask = <T,>(request: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));
      const db = await ask(indexedDB.open("sluice_cache"));
      const tx = db.transaction(["metadata", "bodies"], "readwrite");
      const entries = (await ask(tx.objectStore("metadata").index("nodeName").getAll(node))) as { dataVersion: string; updatedAt: number }[];
      const { dataVersion } = entries.sort((a, b) => a.updatedAt - b.updatedAt).at(-1)!;
      const body = (await ask(tx.objectStore("bodies").get(dataVersion))) as { bytes: Uint8Array };
      let bytes = body.bytes.slice();
      if (how === "flip") bytes[Math.floor(bytes.length * 0.9)] ^= 0x20;
      else bytes = new TextEncoder().encode(new TextDecoder().decode(bytes).replace("60", "40"));
      await ask(tx.objectStore("bodies").put({ ...body, bytes }));
      db.close();
    },
    [node, how] as const,
  );
}

/**
 * Flips a byte of a node's stored result whose body is in OPFS (over 1 MB), through the engine
 * worker's own file system access, as a bad disk would; returns the body's file name.
 */
async function tamperOpfs(page: Page, node: string): Promise<string> {
  return page.workers()[0].evaluate(async (node) => {
    const ask = <T,>(request: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));
    const db = await ask(indexedDB.open("sluice_cache"));
    const tx = db.transaction(["metadata", "results"]);
    const entries = (await ask(tx.objectStore("metadata").index("nodeName").getAll(node))) as { dataVersion: string; updatedAt: number }[];
    const { dataVersion } = entries.sort((a, b) => a.updatedAt - b.updatedAt).at(-1)!;
    const header = (await ask(tx.objectStore("results").get(dataVersion))) as { body?: string };
    db.close();
    if (!header.body) throw new Error(`${node}'s body is not in OPFS`);
    const folder = await (await (await navigator.storage.getDirectory()).getDirectoryHandle("sluice")).getDirectoryHandle("sluice_cache");
    type Access = { getSize(): number; read(b: Uint8Array, o: { at: number }): number; write(b: Uint8Array, o: { at: number }): number; flush(): void; close(): void };
    const handle = (await folder.getFileHandle(header.body)) as unknown as { createSyncAccessHandle(): Promise<Access> };
    const access = await handle.createSyncAccessHandle();
    const at = Math.floor(access.getSize() * 0.9);
    const byte = new Uint8Array(1);
    access.read(byte, { at });
    byte[0] ^= 0x20;
    access.write(byte, { at });
    access.flush();
    access.close();
    return header.body;
  }, node);
}

/**
 * The compute realm keeps this session's values and gives them, whole, to the next run without
 * reading their stored bodies; a reload starts a new realm, whose runs read what is on disk.
 */
async function newRealm(page: Page): Promise<void> {
  await page.reload();
  await waitForEditor(page);
}

async function expectPreview(page: Page, node: string, text: string): Promise<void> {
  await page.getByTestId(`graph-node-${node}`).click();
  await expect(page.getByTestId("preview")).toContainText(text);
}

test("bytes flipped in a stored table and a stored JSON result: detected, recomputed, right values; they survive a restart", async ({ baseURL }) => {
  let browser = await launch(baseURL);
  await replaceCode(browser.page, SOURCE);
  await run(browser.page);
  await expectStatuses(browser.page, { raw_data: "executed", totals: "executed", report: "executed" });
  await tamper(browser.page, "raw_data", "flip");
  await tamper(browser.page, "totals", "json");
  await newRealm(browser.page);

  // An edit to report makes it read both stored values.
  await replaceCode(browser.page, SOURCE.replace("sum ${totals.sum}", "total ${totals.sum}"));
  await run(browser.page);
  await expectStatuses(browser.page, { raw_data: "executed", totals: "executed", report: "executed" });
  const logs = browser.page.getByTestId("logs");
  await expect(logs).toContainText("raw_data::result_store::corrupt_result");
  await expect(logs).toContainText("totals::result_store::corrupt_result");
  await expectPreview(browser.page, "report", "total 60 of 3 rows");

  // A restart: everything stored (and re-stored) is there, intact, and served.
  await browser.context.close();
  browser = await launch(baseURL);
  await expect(runItems(browser.page)).toHaveCount(2);
  await replaceCode(browser.page, SOURCE.replace("sum ${totals.sum}", "total: ${totals.sum}"));
  await run(browser.page);
  await expectStatuses(browser.page, { raw_data: "cached", totals: "cached", report: "executed" });
  await expect(browser.page.getByTestId("logs")).not.toContainText("corrupt_result");
  await expectPreview(browser.page, "report", "total: 60 of 3 rows");
  await browser.context.close();
});

/** A run that may take a minute on a loaded machine; `count` runs in the history once it is done. */
async function runSlowly(page: Page, count: number): Promise<void> {
  await clickRun(page);
  await expect(runItems(page)).toHaveCount(count, { timeout: 120_000 });
}

test("bytes flipped in a large result kept in OPFS: detected, dropped with its file, recomputed", async ({ baseURL }) => {
  // A table over 1 MB is versioned and stored three times: slow on a loaded machine.
  test.setTimeout(180_000);
  const browser = await launch(baseURL);
  const { page } = browser;
  const big = `${SOURCE}
export function big(raw_data) {
  return aq.table({ n: Array.from({ length: 60_000 }, (_, i) => i), label: Array.from({ length: 60_000 }, (_, i) => "a label long enough to pass a megabyte, row " + i) });
}

export function last(big) {
  return \`last \${big.get("label", big.numRows() - 1)}\`;
}
`;
  await replaceCode(page, big);
  await runSlowly(page, 1);
  await expectStatuses(page, { big: "executed", last: "executed" });
  const file = await tamperOpfs(page, "big");
  await newRealm(page);

  await replaceCode(page, big.replace("`last ${", "`last: ${"));
  await runSlowly(page, 2);
  await expectStatuses(page, { raw_data: "cached", big: "executed", last: "executed" });
  await expect(page.getByTestId("logs")).toContainText("big::result_store::corrupt_result");
  await expectPreview(page, "last", "last: a label long enough to pass a megabyte, row 59999");
  // The damaged file went with its header; the value was stored again, whole, in a new one.
  const left = await page.workers()[0].evaluate(async () => {
    const folder = await (await (await navigator.storage.getDirectory()).getDirectoryHandle("sluice")).getDirectoryHandle("sluice_cache");
    const names: string[] = [];
    for await (const [name] of (folder as unknown as { entries(): AsyncIterable<[string, unknown]> }).entries()) names.push(name);
    return names;
  });
  expect(left).not.toContain(file);
  expect(left.filter((name) => name.startsWith("r-"))).toHaveLength(1);
  await replaceCode(page, big.replace("`last ${", "`last = ${"));
  await runSlowly(page, 3);
  await expectStatuses(page, { big: "cached", last: "executed" });
  await expectPreview(page, "last", "last = a label long enough to pass a megabyte, row 59999");
  await browser.context.close();
});

test("a browser killed mid-run: the run is closed as interrupted, what it stored is kept, the next run works", async ({ baseURL }) => {
  let browser = await launch(baseURL);
  const slow = `${SOURCE}
export async function slow(report) {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  return report;
}
`;
  await replaceCode(browser.page, slow);
  await clickRun(browser.page);
  await expectStatuses(browser.page, { raw_data: "executed", totals: "executed", report: "executed", slow: "running" });
  // The page shows a node done when its value is known; a run holds its writes until the thread
  // is idle (a node awaiting a timer), checked every 100 ms, then sends them to the engine worker.
  // Killing the browser inside that window would find nothing stored, rightly: wait it out.
  await browser.page.waitForTimeout(1500);
  await browser.context.close(); // the tab, its worker and their locks die with the browser

  browser = await launch(baseURL);
  const last = runItems(browser.page).last();
  await expect(last).toHaveAttribute("data-status", "interrupted");
  await expect(last).toHaveAttribute("title", /Interrupted: the tab or browser/);
  await last.click();
  await expectStatuses(browser.page, { raw_data: "executed", totals: "executed", report: "executed" });

  await replaceCode(browser.page, SOURCE);
  await run(browser.page);
  await expectStatuses(browser.page, { raw_data: "cached", totals: "cached", report: "cached" });
  await expectPreview(browser.page, "report", "sum 60 of 3 rows");
  await browser.context.close();
});

test("node code that uses up memory crashes the tab: after reopening, nothing typed or stored is lost and the run says what happened", async ({ baseURL }) => {
  // A small heap, so the allocation reaches V8's limit in seconds rather than a minute.
  const smallHeap = ["--js-flags=--max-old-space-size=384"];
  let browser = await launch(baseURL, smallHeap);
  await replaceCode(browser.page, SOURCE);
  await run(browser.page);
  await expectStatuses(browser.page, { raw_data: "executed", totals: "executed", report: "executed" });
  const hungry = `${SOURCE}
export function hog(report) {
  const kept = [];
  for (let i = 0; ; i++) kept.push(new Array(1e5).fill(i + " "));
}
`;
  await replaceCode(browser.page, hungry);
  await browser.page.getByTestId("request-hog").check();
  const crashed = browser.page.waitForEvent("crash", { timeout: 90_000 });
  await clickRun(browser.page);
  // Chromium ends a renderer whose worker reaches V8's heap limit, page and all ("Aw, Snap!").
  await crashed;
  await browser.context.close();

  browser = await launch(baseURL, smallHeap);
  await expect(browser.page.getByTestId("editor")).toContainText("kept.push"); // the code is as typed
  const last = runItems(browser.page).last();
  await expect(last).toHaveAttribute("data-status", "interrupted");
  await expect(last).toHaveAttribute("title", /crashed.*uses up memory/);
  // Nothing ran again by itself on reopening; the fixed code runs over the stored results.
  await replaceCode(browser.page, SOURCE);
  await run(browser.page);
  await expectStatuses(browser.page, { raw_data: "cached", totals: "cached", report: "cached" });
  await browser.context.close();
});

test("a full disk (the browser's QuotaExceededError): the run's values are still shown, the error says why, stored results stay", async ({ baseURL }) => {
  test.setTimeout(180_000);
  const browser = await launch(baseURL);
  const { page } = browser;
  await replaceCode(page, SOURCE);
  await run(page);
  await expectStatuses(page, { raw_data: "executed", totals: "executed", report: "executed" });
  // Everything stored is pinned, so nothing may be evicted to make room.
  await page.getByTestId("tab-cache").click();
  for (const node of ["raw_data", "totals", "report"]) {
    await page.getByTestId(`cache-pin-${node}`).click();
    await expect(page.getByTestId(`cache-node-${node}`)).toHaveAttribute("data-pinned", "true");
  }
  // The engine worker's IndexedDB and OPFS (where bodies over 1 MB go) refuse large bodies as a
  // full disk does: QuotaExceededError. (Chromium's Storage.overrideQuotaForOrigin is not
  // enforced on IndexedDB writes here.)
  const engineWorker = page.workers().find((w) => /\/worker[-.]/.test(w.url()));
  expect(engineWorker, page.workers().map((w) => w.url()).join(", ")).toBeDefined();
  await engineWorker!.evaluate(() => {
    const full = () => new DOMException("The quota has been exceeded.", "QuotaExceededError");
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: { bytes?: Uint8Array }, key?: IDBValidKey) {
      if (this.name === "bodies" && (value?.bytes?.byteLength ?? 0) > 1_000_000) throw full();
      return put.call(this, value, key);
    } as typeof put;
    const sync = (globalThis as unknown as { FileSystemSyncAccessHandle: { prototype: { write(...args: unknown[]): number } } }).FileSystemSyncAccessHandle.prototype;
    sync.write = () => {
      throw full();
    };
  });
  const big = `${SOURCE}
export function big(report) {
  return aq.table({ n: Array.from({ length: 100_000 }, (_, i) => i), label: Array.from({ length: 100_000 }, (_, i) => report + i) });
}
`;
  await replaceCode(page, big);
  await runSlowly(page, 2);
  const error = page.getByTestId("run-error");
  await expect(error).toContainText("STORAGE");
  await expect(error).toContainText("quota is full");
  await expect(runItems(page).last()).toHaveAttribute("data-status", "failed");
  await expectPreview(page, "big", "sum 60 of 3 rows0");

  // A fresh worker (the disk has room again): what was stored before is all there.
  await page.reload();
  await waitForEditor(page);
  await replaceCode(page, big);
  await clickRun(page);
  // A table of 100,000 rows to version and store: slow on a loaded machine.
  await expect(runItems(page)).toHaveCount(3, { timeout: 60_000 });
  await expectStatuses(page, { raw_data: "cached", totals: "cached", report: "cached", big: "executed" });
  await run(page);
  await expectStatuses(page, { big: "cached" });
  await expectPreview(page, "big", "sum 60 of 3 rows0");
  await browser.context.close();
});

test("two tabs run the same dataflow at once: both finish with the right values, and the cache serves them after", async ({ baseURL }) => {
  const browser = await launch(baseURL);
  const second = await browser.context.newPage();
  await second.goto("./");
  await waitForEditor(second);
  const tabs = [browser.page, second];
  for (const tab of tabs) await replaceCode(tab, SOURCE);
  await Promise.all(tabs.map((tab) => clickRun(tab)));
  for (const tab of tabs) {
    await expect(tab.getByTestId("run-button")).toBeEnabled();
    await expect(tab.getByTestId("run-error")).toHaveCount(0);
    await expectPreview(tab, "report", "sum 60 of 3 rows");
  }
  // Both runs belong to the one workspace both tabs have open; each tab told the other of its run
  // (BroadcastChannel): both list both runs.
  for (const tab of tabs) await expect(runItems(tab)).toHaveCount(2);
  await run(browser.page);
  await expect(runItems(second)).toHaveCount(3);
  await expectStatuses(browser.page, { raw_data: "cached", totals: "cached", report: "cached" });
  await expectPreview(browser.page, "report", "sum 60 of 3 rows");
  // Both tabs typed the same text: nothing was moved to an "edited in two tabs" copy.
  for (const tab of tabs) await expect(tab.getByTestId("workspace-notice")).toHaveCount(0);
  await browser.context.close();
});
