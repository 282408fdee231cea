import { expect, test } from "@playwright/test";
import { expectStatuses, focusEditor, openExample, runItems } from "./app";

test("the editor completes node names in parameter lists and runs on Ctrl/Cmd+Enter", async ({ page }) => {
  await openExample(page, "basics");
  await focusEditor(page);
  await page.keyboard.press("ControlOrMeta+End");
  // Real keystrokes: the editor must keep every one even while the app re-renders per edit.
  await page.keyboard.type("\nexport function total(");
  const suggestions = page.getByTestId("editor").locator(".suggest-widget.visible");
  await expect(suggestions).toContainText("raw_data");
  await expect(suggestions).toContainText("processed_data");
  await page.keyboard.type("processed_");
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  // The body as one input: typing it would race TypeScript's own suggestions for no extra coverage.
  await page.keyboard.insertText(" {\n  return processed_data.numRows();\n}");
  await expect(page.getByTestId("editor").locator(".view-lines")).toContainText(/export.function.total\(processed_data\).\{/);

  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(runItems(page)).toHaveCount(1);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed", total: "executed" });
});
