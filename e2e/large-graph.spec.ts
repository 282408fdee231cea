import { expect as expectSoon, test, type Page } from "@playwright/test";
import { clickRun, graphNode, runItems } from "./app";

// Issue 12: a 500-node dataflow lays out, fits its pane, runs, and stays responsive while panned.
// Bounds are generous on purpose (a loaded 2-core machine): they catch a frozen page, not a slow one.
const expect = expectSoon.configure({ timeout: 120_000 });

const CARDS = '[data-testid^="graph-node-"]';

/** Every card's box on screen (a DOM card, or a canvas-drawn card's element), and the graph pane's. */
async function boxes(page: Page) {
  return page.evaluate((selector) => {
    const pane = document.querySelector(".react-flow")!.getBoundingClientRect();
    const cards = [...document.querySelectorAll<HTMLElement>(selector)].map((n) => {
      const r = n.getBoundingClientRect();
      return { id: n.dataset.testid!, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    });
    return { pane: { left: pane.left, top: pane.top, right: pane.right, bottom: pane.bottom }, cards };
  }, CARDS);
}

/** How many of the canvas's pixels are painted (not transparent). */
const paintedPixels = (page: Page) =>
  page.getByTestId("graph-canvas").evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return { painted, total: canvas.width * canvas.height };
  });

const layoutsOf500 = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName("sluice:layout").filter((e) => (e as PerformanceMeasure).detail?.nodes === 500).length);

test("the 500-node example lays out without overlaps, fits, runs, and pans without freezing", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("./?example=large-500");
  await expect(page.locator(CARDS)).toHaveCount(500);
  await expect(page.locator(".react-flow__minimap")).toBeVisible();

  // Laid out and framed: React Flow shows cards once measured; fitView frames them.
  await expect(async () => {
    const { pane, cards } = await boxes(page);
    expect(cards).toHaveLength(500);
    for (const c of cards) {
      expect(c.right - c.left, `${c.id} is drawn`).toBeGreaterThan(0);
      expect(c.left, `${c.id} inside the pane`).toBeGreaterThanOrEqual(pane.left - 1);
      expect(c.right, `${c.id} inside the pane`).toBeLessThanOrEqual(pane.right + 1);
      expect(c.top, `${c.id} inside the pane`).toBeGreaterThanOrEqual(pane.top - 1);
      expect(c.bottom, `${c.id} inside the pane`).toBeLessThanOrEqual(pane.bottom + 1);
    }
  }).toPass();
  const { cards } = await boxes(page);
  const overlapping: string[] = [];
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      const a = cards[i];
      const b = cards[j];
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5) overlapping.push(`${a.id}/${b.id}`);
    }
  }
  expect(overlapping).toEqual([]);
  expect(await layoutsOf500(page)).toBe(1);

  // Light enough to pan: zoomed out, every card and edge is drawn on one canvas, and React Flow
  // renders no card (13,500 elements in the graph once, then 2,500 name-only cards, each its own
  // transformed layer that Chromium re-layerized on every frame of a pan).
  const canvas = page.getByTestId("graph-canvas");
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveAttribute("data-cards", "500");
  await expect(canvas).toHaveAttribute("data-edges", "1120");
  const drawn = await paintedPixels(page);
  expect(drawn.painted, "cards and edges drawn on the canvas").toBeGreaterThan(drawn.total / 20);
  expect(await page.locator(".react-flow__node").count(), "no React Flow card at fit zoom").toBe(0);
  expect(await page.locator(".react-flow__edge").count()).toBe(0);
  await expect(page.getByTestId("graph-bulk-edges")).toHaveCount(0);
  await expect(graphNode(page, "ingest_00")).toHaveAttribute("data-far", "true");
  expect(await page.locator(".react-flow__viewport *").count(), "elements in the graph at fit zoom").toBeLessThan(1000);
  await expect(page.locator(".react-flow__minimap canvas")).toBeVisible();

  // A click on a drawn card selects its node, as on a DOM card; the pane's background clears it.
  await graphNode(page, "score_07").click();
  await expect(graphNode(page, "score_07")).toHaveAttribute("data-selected", "true");
  await expect(page.getByTestId("preview")).toHaveAttribute("data-node", "score_07");

  // A run: statuses change on the first and last stages; the run's answer does not lay out again.
  await expect(graphNode(page, "publish_24")).not.toHaveAttribute("data-status", "executed");
  await expect(page.getByTestId("run-history")).toHaveAttribute("data-loaded", "true");
  const before = await runItems(page).count();
  await clickRun(page);
  await expect(runItems(page)).toHaveCount(before + 1);
  await expect(graphNode(page, "ingest_00")).toHaveAttribute("data-status", "executed");
  await expect(graphNode(page, "publish_24")).toHaveAttribute("data-status", "executed");
  expect(await layoutsOf500(page), "the run's record reuses the draft's layout").toBe(1);

  // Panning: frames keep coming and no task blocks the page for long.
  await page.evaluate(() => {
    const w = window as unknown as { __pan: { frames: number; longest: number; on: boolean } };
    w.__pan = { frames: 0, longest: 0, on: true };
    const tick = () => {
      if (!w.__pan.on) return;
      w.__pan.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (w.__pan.on) w.__pan.longest = Math.max(w.__pan.longest, e.duration);
    }).observe({ type: "longtask" });
  });
  const pane = (await boxes(page)).pane;
  const x = (pane.left + pane.right) / 2;
  const y = (pane.top + pane.bottom) / 2;
  const moved = await page.evaluate(() => document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform);
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let step = 1; step <= 30; step++) await page.mouse.move(x - step * 8, y - step * 4);
  await page.mouse.up();
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(500);
  const pan = await page.evaluate(() => {
    const w = window as unknown as { __pan: { frames: number; longest: number; on: boolean } };
    w.__pan.on = false;
    return w.__pan;
  });
  const after = await page.evaluate(() => document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform);
  expect(after, "the graph moved").not.toBe(moved);
  expect(pan.frames, "animation frames kept coming while panning").toBeGreaterThan(5);
  expect(pan.longest, "no long task froze the page while panning").toBeLessThan(2000);

  // Zoomed in, cards show their details and only those on screen are in the page; the edges are
  // the bulk SVG again, all 1,120 (the cards off screen kept their measured boxes).
  const edgesDrawn = () =>
    page.getByTestId("graph-bulk-edges").evaluate((svg) => [...svg.querySelectorAll("path")].reduce((n, p) => n + (p.getAttribute("d")!.match(/M/g)?.length ?? 0), 0));
  const scale = () => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform)?.[1]));
  await page.mouse.move(x, y);
  await expect(async () => {
    await page.mouse.wheel(0, -400);
    expect(await scale()).toBeGreaterThan(0.6);
  }).toPass();
  await expect(async () => {
    const shown = await page.locator(".react-flow__node").count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(100);
  }).toPass();
  await expect(page.locator('.react-flow__node [data-testid^="behavior-"]').first()).toBeVisible();
  expect(await page.locator("[data-far]").count()).toBe(0);
  await expect(page.getByTestId("graph-canvas")).toHaveCount(0);
  await expect(page.getByTestId("graph-bulk-edges")).toHaveAttribute("data-edges", "1120");
  expect(await edgesDrawn()).toBe(1120);

  // And out again: the canvas is back, with the selection kept.
  await page.locator(".react-flow__controls-fitview").click();
  await expect(page.getByTestId("graph-canvas")).toHaveAttribute("data-cards", "500");
  await expect(graphNode(page, "score_07")).toHaveAttribute("data-selected", "true");
  expect(await page.locator(".react-flow__node").count()).toBe(0);
});
