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
