import { expect, test } from "@playwright/test";
import { exampleSource, expectEditorText, expectStatuses, openExample, replaceCode, run, runItems, waitForEditor, waitForSave } from "./app";

test("code, history and cache survive a reload; run-prev steps back", async ({ page }) => {
  await openExample(page, "changing-code");
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed", amount_per_country: "executed" });

  const edited = exampleSource("changing-code").replace("d.amount * 0.71", "d.amount * 0.69");
  await replaceCode(page, edited);
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });
  await waitForSave(page);

  await page.reload();
  await waitForEditor(page);
  await expectEditorText(page, "d.amount * 0.69");
  await expect(runItems(page)).toHaveCount(2);

  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "cached", amount_per_country: "cached" });

  // Back through the history: the graph shows each earlier run as it was.
  await page.getByTestId("run-prev").click();
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });
  await page.getByTestId("run-prev").click();
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed", amount_per_country: "executed" });
  await page.getByTestId("run-next").click();
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });
});
