import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openExample, run } from "./app";

/** Serious and critical findings of axe-core over what is on screen now. */
async function axeProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

test("dark mode toggles and persists; editor, graph, history and panels pass axe-core in both themes", async ({ page }) => {
  await openExample(page, "changing-code");
  await run(page);
  await page.getByTestId("graph-node-processed_data").click();
  const toggle = page.getByTestId("theme-toggle");
  // system (light here) -> light -> dark
  await toggle.click();
  await expect(toggle).toHaveAttribute("data-choice", "light");
  expect(await axeProblems(page)).toEqual([]);
  await toggle.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("editor").locator(".monaco-editor.vs-dark")).toBeVisible();
  expect(await axeProblems(page)).toEqual([]);

  await page.getByTestId("tab-logs").click();
  expect(await axeProblems(page), "logs").toEqual([]);
  // One scan of three things on screen at once (a scan costs seconds: axe runs in every frame,
  // then in a page of its own): the files tab, the cache settings and a workspace's menu, which
  // sit in different places (bottom panel, toolbar, sidebar) and stay open together.
  await page.getByTestId("tab-files").click();
  await page.getByTestId("cache-settings").locator("summary").click();
  await page.getByTestId("workspace-item").first().getByTestId("workspace-menu").click();
  await expect(page.getByTestId("cache-settings")).toHaveAttribute("open", "");
  expect(await axeProblems(page), "files tab, cache settings and workspace menu").toEqual([]);

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-toggle")).toHaveAttribute("data-choice", "dark");
});
