import { expect, test } from "@playwright/test";
import { expectStatuses, openExample, run } from "./app";

test("a saver's file and a parquet-cached result are listed and download with their names", async ({ page }) => {
  await openExample(page, "materializers");
  await run(page);
  await expectStatuses(page, { "raw_data.loader": "executed", saved_data: "executed" });
  await page.getByTestId("tab-files").click();
  const saved = page.getByTestId("file-item").filter({ hasText: "saved_data.parquet" });
  await expect(saved).toBeVisible();
  const savedDownload = page.waitForEvent("download");
  await page.getByTestId("download-saved_data.parquet").click();
  expect((await savedDownload).suggestedFilename()).toBe("saved_data.parquet");

  await openExample(page, "cache-format");
  await run(page);
  await expectStatuses(page, { processed_data: "executed" });
  await page.getByTestId("tab-files").click();
  const parquet = page.getByTestId("result-item").filter({ hasText: "processed_data" }).filter({ hasText: ".parquet" });
  await expect(parquet).toBeVisible();
  const download = page.waitForEvent("download");
  await parquet.getByRole("button", { name: "Download" }).click();
  expect((await download).suggestedFilename()).toMatch(/^fp2_[0-9a-f]{32}\.parquet$/);
});
