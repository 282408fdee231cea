import { expect, test, type Page } from "@playwright/test";
import { openExample, run } from "./app";

/** Whether every node card lies inside the graph pane (the graph "fits"). */
async function graphFits(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow")!.getBoundingClientRect();
    const cards = [...document.querySelectorAll('[data-testid^="graph-node-"]')].map((n) => n.getBoundingClientRect());
    return cards.length > 0 && cards.every((c) => c.left >= pane.left - 1 && c.right <= pane.right + 1 && c.top >= pane.top - 1 && c.bottom <= pane.bottom + 1);
  });
}

test("the graph refits when the window shrinks; panes resize, fold and are remembered", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openExample(page, "changing-code");
  await expect.poll(() => graphFits(page)).toBe(true);
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect.poll(() => graphFits(page)).toBe(true);

  // The editor column, by keyboard; the bottom panel folded away; both survive a reload.
  const editor = page.locator(".sl-left");
  const before = (await editor.boundingBox())!.width;
  await page.getByTestId("editor-splitter").focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect.poll(async () => (await editor.boundingBox())!.width).toBeLessThan(before - 40);
  const narrowed = (await editor.boundingBox())!.width;
  await page.getByTestId("bottom-toggle").click();
  await expect(page.locator(".sl-bottom")).toHaveAttribute("data-collapsed", "true");
  await expect.poll(() => graphFits(page)).toBe(true);
  await page.reload();
  await expect(page.locator(".sl-bottom")).toHaveAttribute("data-collapsed", "true");
  expect(Math.abs((await editor.boundingBox())!.width - narrowed)).toBeLessThan(2);
  // Opening a node's preview unfolds the panel.
  await page.getByTestId("graph-node-processed_data").click();
  await expect(page.locator(".sl-bottom")).toHaveAttribute("data-collapsed", "false");
  // A click on a card is not a pan: the graph refits to the pane the panel left it.
  await expect.poll(() => graphFits(page)).toBe(true);
  // By keyboard too: a node is a tab stop, and Enter opens its details.
  await page.getByTestId("rf__node-raw_data").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("preview")).toContainText("raw_data");
});

test("at a narrow width the run history fades at the edge that hides runs, and scrolls to them", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openExample(page, "basics");
  for (let i = 0; i < 3; i++) await run(page);
  const list = page.getByTestId("run-history-list");
  // The newest run in view, the older ones past the left edge.
  await expect(list).toHaveClass(/sl-history-more-before/);
  // Nothing past the newest run: it is not faded.
  await expect(list).not.toHaveClass(/sl-history-more-after/);
  const items = page.getByTestId("run-item");
  await expect(items).toHaveCount(3);
  await expect(items.last()).toBeInViewport({ ratio: 1 });
  await list.evaluate((el) => el.scrollTo({ left: 0 }));
  await expect(list).not.toHaveClass(/sl-history-more-before/);
  await expect(list).toHaveClass(/sl-history-more-after/);
  await expect(items.first()).toBeInViewport({ ratio: 1 });
});
