import { expect, test } from "@playwright/test";
import { expectStatuses, graphNode, openExample, run, runItems } from "./app";

test("inputs, logs and preview show the selected run: the tutorial's 'Changing inputs'", async ({ page }) => {
  await openExample(page, "adding-node");
  await run(page);
  await page.getByTestId("tab-logs").click();
  await expect(page.getByTestId("logs")).toContainText("amount_per_country::adapter::execute_node");

  await page.getByTestId("input-cutoff_date").fill("2024-09-11");
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });
  const logs = page.getByTestId("logs");
  await expect(logs).toContainText("raw_data::result_store::get_result::hit");
  await expect(logs).toContainText("processed_data::adapter::execute_node");

  await page.getByTestId("input-cutoff_date").fill("2024-09-05");
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "cached" });
  await expect(logs).toContainText("amount_per_country::result_store::get_result::hit");

  // The preview reads the value of the selected node from the cache: two countries, Canada first.
  await graphNode(page, "amount_per_country").click();
  const preview = page.getByTestId("preview");
  await expect(preview).toBeVisible();
  await expect(preview).toHaveAttribute("data-node", "amount_per_country");
  await expect(preview).toContainText("2 rows");
  await expect(preview).toContainText("968.491");
  await expect(page.getByTestId("data-version")).toContainText(/^fp2_[0-9a-f]{32}$/);

  // Back in history, the inputs and statuses are those of the earlier run.
  await page.getByTestId("run-prev").click();
  await expect(page.getByTestId("input-cutoff_date")).toHaveValue("2024-09-11");
  await expectStatuses(page, { processed_data: "executed", amount_per_country: "executed" });
  await expect(runItems(page)).toHaveCount(3);
});
