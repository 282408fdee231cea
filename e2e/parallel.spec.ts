import { expect, test } from "@playwright/test";
import { clickRun, expectStatuses, graphNode, openExample, replaceCode, run } from "./app";

// Two independent nodes that each keep a core busy for a while, and one that joins them.
const SOURCE = `import * as aq from "arquero";

export function left() {
  const end = Date.now() + 3000;
  let n = 0;
  while (Date.now() < end) n++;
  return "left";
}

export function right() {
  const end = Date.now() + 3000;
  let n = 0;
  while (Date.now() < end) n++;
  return "right";
}

export function both(left, right) {
  return aq.table({ both: [left + " and " + right] });
}
`;

test("two workers run two independent nodes at once; Stop ends both; the next run works", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, SOURCE);
  await expect(graphNode(page, "both")).toBeVisible();
  await page.getByTestId("run-workers").selectOption("2");
  await clickRun(page);
  // Both on the graph as running at the same moment: they execute on two compute workers.
  await expect
    .poll(async () => [await graphNode(page, "left").getAttribute("data-status"), await graphNode(page, "right").getAttribute("data-status")], { timeout: 20_000, intervals: [100] })
    .toEqual(["running", "running"]);
  await page.getByTestId("stop-button").click();
  await expect(page.getByTestId("run-error")).toContainText("CANCELLED");
  await expect(page.getByTestId("run-button")).toBeEnabled({ timeout: 10_000 });

  // The next run on two workers finishes both in about the time of one (3 s each, not 6).
  const started = Date.now();
  await run(page);
  expect(Date.now() - started).toBeLessThan(5_800);
  await expectStatuses(page, { left: "executed", right: "executed", both: "executed" });
  await page.getByTestId("tab-logs").click();
  await expect(page.getByTestId("logs")).toContainText("both");
});

const QUITS = `// A node that ends the worker it runs on, and one beside it.
export function quits() {
  close();
  return 1;
}

export function other() {
  return 2;
}
`;

test("a node that closes its compute worker fails, named; the worker is not lost", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, QUITS);
  await expect(graphNode(page, "other")).toBeVisible();
  await page.getByTestId("run-workers").selectOption("2");
  await clickRun(page);
  await expect(page.getByTestId("run-error")).toContainText("quits", { timeout: 20_000 });
  await expect(page.getByTestId("run-error")).toContainText("close() would end the compute worker");
  await expect(page.getByTestId("run-button")).toBeEnabled();
  await replaceCode(page, QUITS.replace("  close();\n", ""));
  await run(page);
  // `other` finished beside it and was stored.
  await expectStatuses(page, { quits: "executed", other: "cached" });
});

const INDEPENDENT = `import * as aq from "arquero";

// Four nodes over one input, three of them independent and long enough (60 ms) to be sent to
// a worker: a run on two executes those at once, and they finish in any order.
function busy() {
  const end = Date.now() + 60;
  while (Date.now() < end);
}

export function doubled(seed) {
  busy();
  return seed * 2;
}

export function squared(seed) {
  busy();
  return seed * seed;
}

export function rows(seed) {
  busy();
  return aq.table({ x: [seed, seed + 1] });
}

export function total(doubled, squared, rows) {
  return doubled + squared + rows.numRows();
}
`;

/** A log and a history item with what differs between runs (versions, keys, times, ids) taken out. */
async function runAsRead(page: import("@playwright/test").Page) {
  const log = (await page.getByTestId("logs").locator(".sl-log-line").allInnerTexts()).map((line) => line.replace(/[0-9a-f]{8,}|\d+(\.\d+)?/g, "#"));
  const item = (await page.getByTestId("run-item").first().innerText()).replace(/\d+(\.\d+)?/g, "#");
  return { log, item };
}

test("a run on two workers reads in history and logs as a run on one does", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, INDEPENDENT);
  await expect(graphNode(page, "total")).toBeVisible();
  await page.getByTestId("tab-logs").click();
  await page.getByTestId("log-level").selectOption("debug");
  const input = page.getByTestId("input-seed");
  await input.fill("3");
  await run(page);
  await expectStatuses(page, { doubled: "executed", squared: "executed", rows: "executed", total: "executed" });
  const serial = await runAsRead(page);

  await page.getByTestId("run-workers").selectOption("2");
  await input.fill("4");
  await run(page);
  await expectStatuses(page, { doubled: "executed", squared: "executed", rows: "executed", total: "executed" });
  const parallel = await runAsRead(page);
  expect(parallel.log.length).toBeGreaterThan(8);
  expect(parallel).toEqual(serial);
});
