import { expect, test, type Page } from "@playwright/test";
import { exampleSource, expectEditorText, expectStatuses, openExample, replaceCode, run, runItems, waitForEditor } from "./app";

/**
 * The app saves the workspace shortly after an edit (debounced). A user does not reload within
 * that window; the test waits for the save instead of sleeping. Coupled to the app's `sluice_app`
 * database on purpose: there is no visible "saved" signal to wait for.
 */
async function savedSource(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open("sluice_app");
        open.onerror = () => resolve("");
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("workspace")) return resolve((db.close(), ""));
          const get = db.transaction("workspace").objectStore("workspace").get("workspace");
          get.onsuccess = () => resolve((db.close(), (get.result as { source?: string } | undefined)?.source ?? ""));
          get.onerror = () => resolve((db.close(), ""));
        };
      }),
  );
}

test("code, history and cache survive a reload; run-prev steps back", async ({ page }) => {
  await openExample(page, "changing-code");
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed", amount_per_country: "executed" });

  const edited = exampleSource("changing-code").replace("d.amount * 0.71", "d.amount * 0.69");
  await replaceCode(page, edited);
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });
  await expect.poll(() => savedSource(page)).toContain("d.amount * 0.69");

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
