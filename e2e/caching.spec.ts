import { expect, test } from "@playwright/test";
import { exampleSource, expectStatuses, openExample, replaceCode, run } from "./app";

// Each test gets a fresh browser context, so IndexedDB (the cache) starts empty.

test("basics: the first run executes, the second comes from the cache", async ({ page }) => {
  await openExample(page, "basics");
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed" });
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "cached" });
});

test("changing code: only the changed node and its dependants execute", async ({ page }) => {
  // The examples share one cache, as the tutorial's drivers share one directory.
  await openExample(page, "basics");
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed" });

  await openExample(page, "changing-code");
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });

  // A rate edited in the editor: processed_data's code version changes, raw_data's does not.
  const source = exampleSource("changing-code");
  expect(source).toContain("d.amount * 0.71");
  await replaceCode(page, source.replace("d.amount * 0.71", "d.amount * 0.7"));
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });

  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "cached", amount_per_country: "cached" });
});
