import { expect, test } from "@playwright/test";
import { clickRun, exampleSource, expectEditorText, expectStatuses, graphNode, openExample, replaceCode, run, runItems } from "./app";

test("a syntax error is shown with its position and runs nothing", async ({ page }) => {
  await openExample(page, "basics");
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed" });

  const broken = `${exampleSource("basics")}\nexport function broken(processed_data {\n  return processed_data;\n}\n`;
  await replaceCode(page, broken);
  await expectEditorText(page, "export function broken(processed_data {");
  await clickRun(page);

  // The app names the error (SPEC §8: SYNTAX with line and column) and underlines it in the editor.
  await expect(page.getByTestId("run-error")).toContainText("SYNTAX");
  await expect(page.getByTestId("editor").locator(".squiggly-error").first()).toBeAttached();
  await expect(page.getByTestId("run-button")).toBeEnabled();
  await expect(runItems(page)).toHaveCount(1);
  for (const name of ["raw_data", "processed_data"]) {
    await expect(graphNode(page, name)).not.toHaveAttribute("data-status", /^(executed|running)$/);
  }
});

test("an endless node is stopped; the page stays responsive and earlier results stay cached", async ({ page }) => {
  await openExample(page, "basics");
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed" });

  const spinning = `${exampleSource("basics")}\nexport function spin(processed_data) {\n  while (true) {}\n}\n`;
  await replaceCode(page, spinning);
  // The example requests processed_data only; ask for spin too, as a user would in the graph.
  await page.getByTestId("request-spin").check();
  await clickRun(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "cached", spin: "running" });

  const stop = page.getByTestId("stop-button");
  await expect(stop).toBeEnabled();
  await stop.click();
  await expect(graphNode(page, "spin")).not.toHaveAttribute("data-status", /^(running|executed|cached)$/);
  await expect(page.getByTestId("run-button")).toBeEnabled();
  await expect(page.getByTestId("run-error")).toContainText("CANCELLED");
  // The worker was replaced, so the page closed the stopped run's record: it is in history as
  // cancelled, with the nodes it saw finish.
  await expect(runItems(page)).toHaveCount(2);
  await expect(runItems(page).last()).toHaveAttribute("data-status", "cancelled");
  await runItems(page).last().click();
  await expectStatuses(page, { raw_data: "cached", processed_data: "cached", spin: "failed" });

  // Responsive: the editor still takes input, and a run without the endless node hits the cache.
  await replaceCode(page, exampleSource("basics"));
  await expectEditorText(page, "while (true)", { contains: false });
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "cached" });
});
