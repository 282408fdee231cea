import { expect, test } from "@playwright/test";
import { exampleSource, expectEditorText, expectStatuses, replaceCode, run, openExample, runItems, waitForApp, waitForEditor, workspaceItem, workspaceItems } from "./app";

test("a share link opens as the visitor's own workspace, asks before running, and opens once", async ({ page, browser }) => {
  await openExample(page, "changing-inputs");
  await replaceCode(page, exampleSource("changing-inputs").replace("d.amount * 0.73", "d.amount * 0.75"));
  await page.getByTestId("input-cutoff_date").fill("2024-09-10");
  await page.getByTestId("share-button").click();
  const link = await page.getByTestId("share-link").inputValue();
  expect(link).toMatch(/#share=[\w-]+$/);

  // Another browser context: its own IndexedDB, so nothing is shared but the link.
  const other = await browser.newContext();
  const visitor = await other.newPage();
  await visitor.goto("./?example=basics");
  await waitForEditor(visitor);
  await run(visitor);
  await visitor.goto(link);
  await waitForApp(visitor);
  await expectEditorText(visitor, "d.amount * 0.75");
  await expect(visitor.getByTestId("input-cutoff_date")).toHaveValue("2024-09-10");
  const shared = workspaceItem(visitor, "Changing inputs");
  await expect(shared).toHaveAttribute("data-active", "true");
  // Nothing from a link runs before the visitor says so.
  await expect(visitor.getByTestId("link-warning")).toBeVisible();
  await expect(visitor.getByTestId("run-button")).toBeDisabled();
  await visitor.getByTestId("link-trust").click();
  await expect(visitor.getByTestId("link-warning")).toHaveCount(0);
  await run(visitor);
  await expectStatuses(visitor, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });

  // A reload keeps the link's workspace (the URL names it now) and the earlier work is still there.
  expect(new URL(visitor.url()).hash).toBe("");
  await visitor.reload();
  await waitForEditor(visitor);
  await expect(shared).toHaveAttribute("data-active", "true");
  await expect(visitor.getByTestId("link-warning")).toHaveCount(0);
  await expect(runItems(visitor)).toHaveCount(1);
  await expect(workspaceItem(visitor, "Basics")).toHaveCount(1);
  // The same link again opens the same copy.
  await visitor.goto(link);
  await waitForEditor(visitor);
  await expect(workspaceItems(visitor)).toHaveCount(2);
  await expect(visitor.getByTestId("workspace-notice")).toContainText("You opened this link before");
  await other.close();

  // Pasted into a tab that is already open, the link opens there too.
  const reloaded = page.waitForEvent("load");
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, new URL(link).hash);
  await reloaded;
  await waitForApp(page);
  await expect(page.getByTestId("link-warning")).toBeVisible();
  await expectEditorText(page, "d.amount * 0.75");
});

test("a damaged link opens nothing and says why", async ({ page }) => {
  await page.goto("./#share=eJzLSM3JyQcABiwCFQ-damaged");
  await waitForEditor(page);
  await expect(page.getByTestId("workspace-notice")).toContainText("This share link opened nothing");
  await expect(page.getByTestId("link-warning")).toHaveCount(0);
});
