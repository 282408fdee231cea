import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectEditorText, expectStatuses, replaceCode, run, runItems, waitForEditor, waitForSave, workspaceAction, workspaceItem, workspaceItems } from "./app";

const MINE = `import * as aq from "arquero";

export function my_numbers() {
  return aq.table({ n: [1, 2, 3] });
}

export function my_total(my_numbers: aq.ColumnTable) {
  return my_numbers.rollup({ total: aq.op.sum("n") }).object().total;
}
`;

async function pickExample(page: Page, title: RegExp): Promise<void> {
  const menu = page.getByTestId("examples-menu");
  const value = await menu.locator("option").filter({ hasText: title }).getAttribute("value");
  await menu.selectOption(value!);
}

test("my code survives picking examples; rename, duplicate, delete and undo", async ({ page }) => {
  await page.goto("./?example=basics");
  await waitForEditor(page);
  await page.getByTestId("workspace-new").click();
  await expect(workspaceItem(page, "Untitled")).toHaveAttribute("data-active", "true");
  await replaceCode(page, MINE);
  await run(page);
  await expectStatuses(page, { my_numbers: "executed", my_total: "executed" });

  // An example opens as a workspace of its own: the history there is its own too.
  await pickExample(page, /Changing code$/);
  await expect(workspaceItem(page, "Changing code")).toHaveAttribute("data-active", "true");
  await expect(runItems(page)).toHaveCount(0);
  await workspaceItem(page, "Untitled").getByRole("button").first().click();
  await expectEditorText(page, "my_total(my_numbers");
  await expect(runItems(page)).toHaveCount(1);

  // Back goes to the example, forward to my code again: the URL names the workspace.
  await page.goBack();
  await expect(workspaceItem(page, "Changing code")).toHaveAttribute("data-active", "true");
  await page.goForward();
  await expect(workspaceItem(page, "Untitled")).toHaveAttribute("data-active", "true");

  await workspaceAction(page, "Untitled", "rename");
  await page.getByTestId("workspace-name-input").fill("Orders");
  await page.getByTestId("workspace-name-input").press("Enter");
  await expect(page.getByTestId("workspace-title")).toHaveText("Orders");

  await workspaceAction(page, "Orders", "duplicate");
  await expect(workspaceItem(page, "Orders (copy)")).toHaveAttribute("data-active", "true");
  await expectEditorText(page, "my_total(my_numbers");

  await workspaceAction(page, "Orders", "delete");
  await expect(workspaceItem(page, "Orders")).toHaveCount(0);
  await page.getByTestId("workspace-undo").click();
  await expect(workspaceItem(page, "Orders")).toHaveAttribute("data-active", "true");

  // The trash survives a reload: delete, reload, restore.
  await workspaceAction(page, "Orders (copy)", "delete");
  // The list drops it once the trash holds it.
  await expect(workspaceItem(page, "Orders (copy)")).toHaveCount(0);
  await page.reload();
  await waitForEditor(page);
  await page.getByTestId("workspace-trash").locator("summary").click();
  await page.getByTestId("workspace-trash-item").filter({ hasText: "Orders (copy)" }).getByTestId("workspace-restore").click();
  await expect(workspaceItem(page, "Orders (copy)")).toHaveAttribute("data-active", "true");
  // The first example the app opened, the example picked, my code and its copy.
  await expect(workspaceItems(page)).toHaveCount(4);
});

test("export a workspace, import it in a fresh profile; drop a module; refuse a file that is not one", async ({ page, browser }) => {
  await page.goto("./?example=changing-inputs");
  await waitForEditor(page);
  await page.getByTestId("input-cutoff_date").fill("2024-09-07");
  await waitForSave(page);
  const download = page.waitForEvent("download");
  await workspaceAction(page, "Changing inputs", "export-json");
  const exported = await download;
  expect(exported.suggestedFilename()).toBe("Changing inputs.sluice.json");
  const path = test.info().outputPath(exported.suggestedFilename());
  await exported.saveAs(path);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto("./?example=basics");
  await waitForEditor(other);
  await other.getByTestId("workspace-import-input").setInputFiles(path);
  await expect(workspaceItem(other, "Changing inputs")).toHaveAttribute("data-active", "true");
  await expect(other.getByTestId("input-cutoff_date")).toHaveValue("2024-09-07");
  await run(other);
  await expectStatuses(other, { raw_data: "executed", processed_data: "executed" });

  // Dropped on the page: a module becomes a workspace; a stray JSON file changes nothing.
  const drop = async (name: string, text: string) => {
    const data = await other.evaluateHandle(([n, t]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([t], n));
      return transfer;
    }, [name, text] as const);
    await other.dispatchEvent("body", "dragenter", { dataTransfer: data });
    await expect(other.getByTestId("drop-overlay")).toBeVisible();
    await other.dispatchEvent("body", "drop", { dataTransfer: data });
  };
  await drop("dropped_flow.ts", MINE);
  await expect(workspaceItem(other, "dropped_flow")).toHaveAttribute("data-active", "true");
  await expectEditorText(other, "my_total(my_numbers");
  const count = await workspaceItems(other).count();
  await drop("package.json", JSON.stringify({ name: "not-a-workspace" }));
  await expect(other.getByTestId("workspace-notice")).toContainText("package.json is not a Sluice workspace");
  await expect(workspaceItems(other)).toHaveCount(count);
  await fresh.close();
});

test("today's saved draft becomes the first workspace after the upgrade", async ({ page }) => {
  const fixture = JSON.parse(readFileSync(new URL("./fixtures/sluice_app-v1.json", import.meta.url), "utf8"));
  // Any page of the app's origin will do to write its database as Sluice 0.1 left it.
  await page.goto("./favicon.svg");
  await page.evaluate(
    ({ idbVersion, store, keyPath, row }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("sluice_app", idbVersion);
        open.onupgradeneeded = () => open.result.createObjectStore(store, { keyPath });
        open.onsuccess = () => {
          const tx = open.result.transaction(store, "readwrite");
          tx.objectStore(store).put(row);
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    fixture,
  );
  await page.goto("./");
  await waitForEditor(page);
  await expect(workspaceItems(page)).toHaveCount(1);
  await expect(workspaceItem(page, "My dataflow")).toHaveAttribute("data-active", "true");
  await expectEditorText(page, "Written in Sluice 0.1");
  await expect(page.getByTestId("input-vat_rate")).toHaveValue("0.2");
  await run(page);
  await expectStatuses(page, { legacy_orders: "executed", legacy_total: "executed" });
});

test("two tabs on one workspace know of each other and follow each other's edits", async ({ page, context }) => {
  await page.goto("./?example=basics");
  await waitForEditor(page);
  const second = await context.newPage();
  await second.goto(page.url());
  await waitForEditor(second);
  await expect(page.getByTestId("workspace-other-tabs")).toBeVisible();
  await expect(second.getByTestId("workspace-other-tabs")).toBeVisible();
  await second.getByTestId("input-cutoff_date").fill("2024-09-11");
  await expect(page.getByTestId("input-cutoff_date")).toHaveValue("2024-09-11");
  await second.close();
  await expect(page.getByTestId("workspace-other-tabs")).toHaveCount(0);
});
