import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { graphNode, openExample, run } from "./app";

test("a table result charts, follows x/y/mark choices, exports SVG, and keeps its choice per node", async ({ page }) => {
  await openExample(page, "changing-inputs");
  await run(page);
  await graphNode(page, "processed_data").click();
  // A table shown: Plot is loaded and warmed up by one small off-screen chart per mark, while idle.
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName("sluice:chart-warm-up").map((e) => (e as PerformanceMeasure).detail.mark).sort())).toEqual(["bar", "dot", "histogram", "line"]);
  await page.getByTestId("preview-chart").click();

  const chart = page.getByTestId("chart");
  // A category and a number: bars, drawn by Plot as SVG.
  await expect(chart).toHaveAttribute("data-mark", "bar");
  await expect(chart.locator("svg").first()).toBeVisible();
  await expect(chart.locator("svg rect").first()).toBeVisible();

  await page.getByTestId("chart-x").selectOption("country");
  await expect(chart).toHaveAttribute("data-x", "country");
  await expect(chart.locator("svg")).toContainText("USA");
  await expect(chart.locator("svg")).toContainText("country");

  await page.getByTestId("chart-mark").selectOption("dot");
  await expect(chart).toHaveAttribute("data-mark", "dot");
  await page.getByTestId("chart-y").selectOption("amound_in_usd");
  await expect(chart).toHaveAttribute("data-y", "amound_in_usd");
  await expect(chart.locator("svg circle")).toHaveCount(2);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("chart-export-svg").click()]);
  expect(download.suggestedFilename()).toBe("processed_data.svg");
  const text = await readFile((await download.path())!, "utf8");
  expect(text).toContain("<svg");
  expect(text).toContain("amound_in_usd");
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("chart-export-png").click()]);
  expect(png.suggestedFilename()).toBe("processed_data.png");
  // The PNG signature: the SVG really was drawn on a canvas and encoded.
  expect((await readFile((await png.path())!)).subarray(1, 4).toString("latin1")).toBe("PNG");

  const { violations } = await new AxeBuilder({ page }).include('[data-testid="preview"]').analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ") + " " + n.failureSummary).join(" | ")}`)).toEqual([]);

  // The choice belongs to the node in this workspace: another node and back keeps it.
  await graphNode(page, "raw_data").click();
  await page.getByTestId("preview-chart").click();
  await expect(chart).toHaveAttribute("data-mark", "bar");
  await graphNode(page, "processed_data").click();
  await page.getByTestId("preview-chart").click();
  await expect(chart).toHaveAttribute("data-mark", "dot");
  await expect(chart).toHaveAttribute("data-y", "amound_in_usd");
});

test("a disabled node's table, held only by the compute realm, previews and charts, at 1024x700", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  // defaultBehavior "disable": amount_per_country is computed but never stored (SPEC §3).
  await openExample(page, "default-behavior");
  await run(page);
  await graphNode(page, "amount_per_country").click();
  await expect(page.getByTestId("preview")).toContainText("USA");
  const bottom = page.locator(".sl-bottom");
  const logsHeight = (await bottom.boundingBox())!.height;
  await page.getByTestId("preview-chart").click();
  const chart = page.getByTestId("chart");
  await expect(chart).toHaveAttribute("data-mark", "bar");
  await expect(chart).toHaveAttribute("data-x", "country");
  await expect(chart.locator("svg rect")).toHaveCount(4);
  await expect(chart.locator("svg")).toContainText("Mexico");
  // The panel grows for the chart, which then fits in the window without dragging anything.
  await expect.poll(async () => (await chart.boundingBox())!.height).toBeGreaterThanOrEqual(200);
  const drawn = (await chart.locator("svg").first().boundingBox())!;
  expect(drawn.y + drawn.height).toBeLessThanOrEqual(700);
  // processed_data is neither stored (disable) nor requested: the realm still holds it.
  await graphNode(page, "processed_data").click();
  await expect(page.getByTestId("preview")).toHaveAttribute("data-node", "processed_data");
  await expect(page.getByTestId("preview")).toContainText("amound_in_usd");
  await page.getByTestId("preview-chart").click();
  await expect(chart.locator("svg").first()).toBeVisible();
  // Back to the table: the panel shrinks back to the height logs and tables had.
  await page.getByTestId("preview-table").click();
  await expect.poll(async () => Math.round((await bottom.boundingBox())!.height)).toBe(Math.round(logsHeight));
});
