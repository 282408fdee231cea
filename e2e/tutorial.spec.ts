import { test } from "@playwright/test";
import { expectStatuses, openExample, pickExample, run, type Status } from "./app";

// SPEC.md §9: the examples share one cache, so replaying them in order reproduces the tutorial's
// hits and misses (with SPEC.md §3's one difference, which shows only in values).
const E = "executed";
const C = "cached";
const REPLAY: [string, Record<string, Status>][] = [
  ["basics", { raw_data: E, processed_data: E }],
  ["adding-node", { raw_data: C, processed_data: C, amount_per_country: E }],
  ["changing-inputs", { raw_data: C, processed_data: E, amount_per_country: E }],
  ["changing-code", { raw_data: C, processed_data: E, amount_per_country: E }],
  ["changing-code-2", { raw_data: C, processed_data: E, amount_per_country: C }],
  ["external-data", { raw_data: C, processed_data: C, amount_per_country: C }],
  ["external-data-recompute", { raw_data: E, processed_data: E, amount_per_country: E }],
  ["external-data-decorator", { raw_data: E, processed_data: C, amount_per_country: C }],
  ["recompute-all", { raw_data: E, processed_data: E, amount_per_country: E }],
  ["default-behavior", { raw_data: E, processed_data: E, amount_per_country: E }],
  ["materializers", { "raw_data.loader": E, raw_data: E, processed_data: C, amount_per_country: C, saved_data: E }],
  ["materializers-recompute-loaders", { "raw_data.loader": E, raw_data: E, processed_data: C, amount_per_country: C, saved_data: E }],
  ["cache-format", { raw_data: C, processed_data: E, amount_per_country: E }],
];

/**
 * Where the replay loads the page (`?example=`): at the start, and once midway, so that the hits
 * after it come from the cache as stored (a fresh engine worker), not from one that kept running.
 * The other examples are picked from the toolbar's menu in the page already loaded, as a reader
 * following the tutorial would; a page load costs seconds (the editor), a pick very little.
 */
const LOADED = new Set(["basics", "external-data"]);

test("replaying the tutorial's examples in order gives its hits and misses", async ({ page }) => {
  test.setTimeout(240_000);
  for (const [example, statuses] of REPLAY) {
    if (LOADED.has(example)) await openExample(page, example);
    else await pickExample(page, example);
    await run(page);
    await test.step(example, () => expectStatuses(page, statuses));
    if (example === "changing-inputs") {
      // The tutorial's second cutoff: processed_data returns a value seen before, so amount_per_country hits.
      await page.getByTestId("input-cutoff_date").fill("2024-09-05");
      await run(page);
      await expectStatuses(page, { raw_data: C, processed_data: E, amount_per_country: C });
    }
  }
});
