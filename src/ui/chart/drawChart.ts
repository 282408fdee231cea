/**
 * Draws a chart the worker already cut down (worker/chart.ts) with Observable Plot. Plot builds
 * SVG with d3 and evaluates no strings, so it runs under the page's Content-Security-Policy; this
 * module is only ever loaded with `import()`, keeping Plot out of the first paint.
 */
import * as Plot from "@observablehq/plot";
import type { ChartData, ChartPoint } from "../../worker/protocol";

export interface Palette {
  text: string;
  muted: string;
  accent: string;
  background: string;
}

type Drawn = Extract<ChartData, { kind: "chart" }>;

/** Dates arrive as milliseconds; Plot wants Date objects to draw a time axis. */
function rows(data: Drawn): Record<string, unknown>[] {
  const asDate = data.xType === "date";
  return data.points.map((p: ChartPoint): Record<string, unknown> => (asDate ? { ...p, x: new Date(p.x as number), ...(p.x2 !== undefined ? { x2: new Date(p.x2) } : {}) } : { ...p }));
}

function marks(data: Drawn, palette: Palette, points: Record<string, unknown>[]): Plot.Markish[] {
  const { choice } = data;
  const fill = choice.color ? "color" : palette.accent;
  switch (choice.mark) {
    case "histogram":
      return [Plot.rectY(points, { x1: "x", x2: "x2", y: "y", fill, insetLeft: 0.5, insetRight: 0.5, tip: true }), Plot.ruleY([0], { stroke: palette.muted })];
    case "bar":
      return [Plot.barY(points, { x: "x", y: "y", fill, sort: { x: "-y" }, tip: true }), Plot.ruleY([0], { stroke: palette.muted })];
    case "line":
      return [Plot.lineY(points, { x: "x", y: "y", stroke: choice.color ? "color" : palette.accent, tip: true })];
    case "dot":
      return [Plot.dot(points, { x: "x", y: "y", stroke: choice.color ? "color" : palette.accent, ...(counted(points) ? { r: "n" } : {}), tip: true })];
  }
}

const counted = (points: Record<string, unknown>[]) => points.length > 0 && points[0].n !== undefined;

/** Cells of a binned scatter sized by count; the scale is given, so Plot need not find quantiles. */
function radius(points: Record<string, unknown>[]): Plot.ScaleOptions | undefined {
  if (!counted(points)) return undefined;
  let max = 1;
  for (const p of points) max = Math.max(max, p.n as number);
  return { type: "sqrt", domain: [0, max], range: [0, 7] };
}

/** Heights the SVG keeps to: below, axes crowd the marks; above, a tall panel is mostly empty. */
const MIN_HEIGHT = 160;
const MAX_HEIGHT = 520;
/** What a colour legend takes above the SVG. */
const LEGEND_HEIGHT = 30;

/** The chart as an element, drawn to fit `width` × `room` (the panel's space for it). */
export function drawChart(data: Drawn, palette: Palette, width: number, room: number): SVGSVGElement | HTMLElement {
  const { choice } = data;
  const points = rows(data);
  const yLabel = choice.mark === "histogram" || !choice.y ? "count" : choice.mark === "bar" ? `sum of ${choice.y}` : choice.mark === "line" ? `mean of ${choice.y}` : choice.y;
  return Plot.plot({
    width,
    height: Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, room - (choice.color ? LEGEND_HEIGHT : 0) - 4))),
    marginLeft: 56,
    marginBottom: choice.mark === "bar" ? 56 : 36,
    style: { color: palette.text, background: palette.background, fontSize: "12px", overflow: "visible" },
    x: { label: choice.x, ...(choice.mark === "bar" ? { tickRotate: -30 } : {}) },
    y: { label: yLabel, grid: true },
    color: choice.color ? { legend: true, label: choice.color } : undefined,
    r: radius(points),
    marks: marks(data, palette, points),
  });
}

/** The SVG of a drawn chart, for export; a legend, when there is one, is HTML and is left out. */
export function chartSvg(element: Element): SVGSVGElement | null {
  return element instanceof SVGSVGElement ? element : element.querySelector(":scope > svg");
}
