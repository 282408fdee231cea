import { expect, test } from "@playwright/test";
import { exampleSource, expectEditorText, expectStatuses, replaceCode, run, openExample, waitForEditor } from "./app";

test("a share link opens the same dataflow, inputs and choices in another browser", async ({ page, browser }) => {
  await openExample(page, "changing-inputs");
  await replaceCode(page, exampleSource("changing-inputs").replace("d.amount * 0.73", "d.amount * 0.75"));
  await page.getByTestId("input-cutoff_date").fill("2024-09-10");
  await page.getByTestId("share-button").click();
  const link = await page.getByTestId("share-link").inputValue();
  expect(link).toMatch(/#share=[\w-]+$/);

  // Another browser context: its own IndexedDB, so nothing is shared but the link.
  const other = await browser.newContext();
  const visitor = await other.newPage();
  await visitor.goto(link);
  await waitForEditor(visitor);
  await expectEditorText(visitor, "d.amount * 0.75");
  await expect(visitor.getByTestId("input-cutoff_date")).toHaveValue("2024-09-10");
  await run(visitor);
  await expectStatuses(visitor, { raw_data: "executed", processed_data: "executed", amount_per_country: "executed" });
  // The hash is gone, so a reload keeps the visitor's own (saved) copy.
  expect(new URL(visitor.url()).hash).toBe("");
  await other.close();

  // Pasted into a tab that is already open, the link opens there too.
  await replaceCode(page, exampleSource("basics"));
  const reloaded = page.waitForEvent("load");
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, new URL(link).hash);
  await reloaded;
  await waitForEditor(page);
  await expectEditorText(page, "d.amount * 0.75");
});
