import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { clickRun, expectStatuses, graphNode, openExample, replaceCode, run, runItems } from "./app";

// SQL nodes on DuckDB and live runs (SPEC.md §14, issue 23).

/** A flights-like Parquet file written by arrow-rs (bench/make-parquet.mjs), not by Sluice. */
function flightsParquet(rows: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "sluice-sql-"));
  try {
    const path = join(dir, "flights.parquet");
    execFileSync(process.execPath, ["bench/make-parquet.mjs", String(rows), path, "snappy"]);
    return readFileSync(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a SQL node over an uploaded Parquet file: cold, warm, and after an input change", async ({ page }) => {
  await openExample(page, "sql-parquet");
  await page.getByTestId("tab-files").click();
  await page.getByTestId("files").locator('input[type="file"]').setInputFiles({ name: "flights.parquet", mimeType: "application/octet-stream", buffer: flightsParquet(20_000) });
  await expect(page.getByTestId("file-item").filter({ hasText: "flights.parquet" })).toBeVisible();

  // Cold: DuckDB is fetched, started, and reads the file by name.
  await run(page);
  await expectStatuses(page, { delay_by_carrier: "executed", worst_carrier: "executed" });
  await graphNode(page, "delay_by_carrier").click();
  const preview = page.getByTestId("preview");
  await expect(preview).toContainText("mean_delay");
  await expect(preview).toContainText("flights");

  // Warm: the same file and inputs, so both come from the cache.
  await run(page);
  await expectStatuses(page, { delay_by_carrier: "cached", worst_carrier: "cached" });

  // A threshold no carrier reaches: the SQL node runs again, and so does its reader.
  await page.getByTestId("input-min_flights").fill("1000000");
  await run(page);
  await expectStatuses(page, { delay_by_carrier: "executed", worst_carrier: "executed" });
});

const SALES = (query: string) => `import * as aq from "arquero";\nimport { sql } from "sluice";\n\nexport function sales() {\n  return aq.table({ country: ["USA", "Peru"], amount: [1, 2] });\n}\n\nexport const totals = sql((sales) => \`\n  ${query}`;

test("the editor knows SQL: coloured, completed from the last run's columns, errors marked at their line", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, SALES("SELECT country, sum(amount) AS total -- per country\n  FROM sales GROUP BY country\n`);\n"));
  await expect(graphNode(page, "totals")).toBeVisible();
  await run(page);
  await expectStatuses(page, { sales: "executed", totals: "executed" });
  const editor = page.getByTestId("editor");
  await expect(editor.locator(".sl-sql-keyword").first()).toBeVisible();
  await expect(editor.locator(".sl-sql-comment").first()).toBeVisible();

  // A misspelt column: SYNTAX, the node and DuckDB's words, underlined where it is.
  await replaceCode(page, SALES("SELECT country, sum(amont) AS total\n  FROM sales GROUP BY country\n`);\n"));
  // The JavaScript is fine: nothing is underlined until DuckDB has bound the query.
  // The plan, made in the realm, compares with the last run: code changed, not a new node.
  await expect(graphNode(page, "totals")).toHaveAttribute("data-plan", "execute");
  await expect(graphNode(page, "totals")).toContainText("code changed");
  await expect(editor.locator(".squiggly-error")).toHaveCount(0);
  await clickRun(page);
  const error = page.getByTestId("run-error");
  await expect(error).toHaveAttribute("data-code", "SYNTAX");
  await expect(error).toContainText("totals");
  await expect(error).toContainText("amont");
  await expect(editor.locator(".squiggly-error").first()).toBeVisible();

  // Typing a query: the node's table and its columns, as the last run saw them, are offered.
  await replaceCode(page, SALES("SELECT "));
  await page.keyboard.press("Control+Space");
  const suggest = page.locator(".suggest-widget");
  await expect(suggest).toContainText("country");
  await expect(suggest).toContainText("amount");
  await expect(suggest).toContainText("sales");
  await page.screenshot({ path: test.info().outputPath("sql-highlighting-and-completion.png") });
});

// A node slow enough to be caught running, fast enough to count as worth re-running live.
const LIVE = (value: number) => `import * as aq from "arquero";

export function slow() {
  const end = Date.now() + 2500;
  while (Date.now() < end);
  return ${value};
}

export function shown(slow) {
  return aq.table({ value: [slow] });
}
`;

test("live runs: a change starts a run after a pause; a run for an older change is stopped", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, LIVE(1));
  await expect(graphNode(page, "slow")).toBeVisible();
  const toggle = page.getByTestId("live-toggle");
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  // Turning it on runs nothing; a change does.
  await page.waitForTimeout(1_000);
  await expect(runItems(page)).toHaveCount(0);
  await replaceCode(page, LIVE(2));
  await expect(graphNode(page, "slow")).toHaveAttribute("data-status", "running", { timeout: 10_000 });
  // A second change while that run is going: it is stopped, and the newest change's run finishes.
  await replaceCode(page, LIVE(3));
  await expect(runItems(page)).toHaveCount(2, { timeout: 20_000 });
  await expect(runItems(page).first()).toHaveAttribute("data-status", "cancelled");
  await expect(runItems(page).last()).toHaveAttribute("data-status", "succeeded");
  await expectStatuses(page, { slow: "executed", shown: "executed" });

  // Remembered for this workspace across a reload.
  await page.reload();
  await expect(page.getByTestId("live-toggle")).toBeChecked();
});

test("live waits for Run when a node that would run took longer than a few seconds last time", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, `import * as aq from "arquero";\n\nexport function model(rate) {\n  const end = Date.now() + 3300;\n  while (Date.now() < end);\n  return aq.table({ rate: [rate] });\n}\n`);
  await page.getByTestId("input-rate").fill("1");
  await run(page);
  await page.getByTestId("live-toggle").check();
  await page.getByTestId("input-rate").fill("2");
  // The toolbar says which node holds it, and no run starts by itself.
  await expect(page.getByTestId("live-held")).toContainText("model");
  await page.waitForTimeout(1_000);
  await expect(runItems(page)).toHaveCount(1);
  // Run still runs it.
  await run(page);
  await expect(runItems(page).last()).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("live-held")).toHaveCount(0);
});

test("live waits while a query does not parse, marks where DuckDB stops, and runs once it does", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, SALES("SELECT country, sum(amount) AS total\n  FROM sales GROUP BY country\n`);\n"));
  await run(page);
  // Again, all hits: the first run's time for `totals` includes DuckDB's start, which on a busy
  // machine passes the few seconds after which live waits for Run (the test above).
  await run(page);
  await page.getByTestId("live-toggle").check();
  // Half typed: the JavaScript parses, the SQL does not. Nothing runs, nothing joins the history.
  await replaceCode(page, SALES("SELECT country, sum(amount) AS total\n  FORM sales\n`);\n"));
  await expect(page.getByTestId("live-held")).toContainText("SQL line 10");
  const editor = page.getByTestId("editor");
  await expect(editor.locator(".squiggly-error").first()).toBeVisible();
  await page.waitForTimeout(1_000);
  await expect(runItems(page)).toHaveCount(2);
  // Finished: it runs by itself.
  await replaceCode(page, SALES("SELECT country, sum(amount) AS total\n  FROM sales GROUP BY country ORDER BY total\n`);\n"));
  await expect(runItems(page)).toHaveCount(3, { timeout: 20_000 });
  await expect(runItems(page).last()).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("live-held")).toHaveCount(0);
  await expect(editor.locator(".squiggly-error")).toHaveCount(0);
});
