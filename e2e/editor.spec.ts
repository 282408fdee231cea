import { expect, test } from "@playwright/test";
import { exampleSource, expectEditorText, expectStatuses, openExample, replaceCode, runItems } from "./app";

test("the editor completes node names in parameter lists and runs on Ctrl/Cmd+Enter", async ({ page }) => {
  await openExample(page, "basics");
  await replaceCode(page, `${exampleSource("basics")}\nexport function total() {\n  return processed_data.numRows();\n}\n`);

  // Put the cursor inside `total()` the way a user would: find it, then step right.
  await page.keyboard.press("ControlOrMeta+F");
  await page.getByTestId("editor").getByRole("textbox", { name: "Find" }).fill("total(");
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowRight");

  // Real keystrokes: every one must survive the app re-rendering on each edit.
  await page.keyboard.type("proc");
  const suggestions = page.locator(".monaco-editor .suggest-widget.visible");
  await expect(suggestions).toContainText("processed_data");
  await page.keyboard.press("Enter");
  await expectEditorText(page, "export function total(processed_data) {");

  // The new sink is not among the example's requested outputs until asked for.
  await page.getByTestId("request-total").check();
  await page.getByTestId("editor").locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(runItems(page)).toHaveCount(1);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed", total: "executed" });
});
