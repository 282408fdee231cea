/**
 * Plot's first chart on a page costs about twice a later one: its code and d3's are compiled on
 * first call. Small charts of each mark, drawn off screen while the browser is idle, pay that
 * before the Chart tab opens, so its first chart is drawn as fast as the next ones.
 */
import type { ChartData, ChartMark, ChartPoint } from "../../worker/protocol";
import { drawChart, type Palette } from "./drawChart";

type Drawn = Extract<ChartData, { kind: "chart" }>;

const DAY = 86_400_000;
/** Enough points that each mark's per-point code runs many times, few enough to be quick. */
const POINTS = 200;

function sample(mark: ChartMark): Drawn {
  const points: ChartPoint[] = [];
  for (let i = 0; i < POINTS; i++) {
    const color = i % 3 === 0 ? "a" : "b";
    if (mark === "bar") points.push({ x: `group ${i % 40}`, y: (i * 37) % 101, color });
    else if (mark === "histogram") points.push({ x: i * 10, x2: i * 10 + 10, y: (i * 37) % 101 });
    else if (mark === "line") points.push({ x: Date.UTC(2024, 0, 1) + i * DAY, y: (i * 37) % 101, color });
    else points.push({ x: i, y: (i * 37) % 101, n: 1 + (i % 9) });
  }
  const choice = { mark, x: "x", ...(mark === "histogram" ? {} : { y: "y" }), ...(mark === "bar" || mark === "line" ? { color: "c" } : {}) };
  return { kind: "chart", choice, xType: mark === "line" ? "date" : mark === "bar" ? "string" : "number", numRows: POINTS, points, summary: "" };
}

const PALETTE: Palette = { text: "#000", muted: "#666", accent: "#00f", background: "#fff" };
/** The simplest mark first: Plot's core is compiled with the least mark code beside it. */
const MARKS: ChartMark[] = ["histogram", "line", "bar", "dot"];
/**
 * A chart is drawn only in an idle period of about this much (the longest the browser gives is
 * 50 ms, when no frame is due): the first one compiles most of Plot and takes tens of ms, which
 * must not land while the page is drawing a run's progress or answering the user.
 */
const WHOLE_IDLE_MS = 40;
/** Short idle periods passed over before drawing anyway (a page that is never fully idle). */
const MAX_WAITS = 50;
let warmed = false;

export type Idle = (run: (deadline?: IdleDeadline) => void) => void;

/** Draws one small chart of each mark, never attached, each in a long idle period of its own. */
export function warmUpCharts(idle: Idle): void {
  if (warmed) return;
  warmed = true;
  const next = (i: number, waits: number) => {
    if (i >= MARKS.length) return;
    idle((deadline) => {
      if (deadline && deadline.timeRemaining() < WHOLE_IDLE_MS && waits < MAX_WAITS) return next(i, waits + 1);
      const start = performance.now();
      drawChart(sample(MARKS[i]), PALETTE, 640, 320);
      // The page's trace of each warm-up chart (`sluice:chart-warm-up`): the benchmark and the e2e tests read it.
      performance.measure("sluice:chart-warm-up", { start, detail: { mark: MARKS[i] } });
      next(i + 1, 0);
    });
  };
  next(0, 0);
}
