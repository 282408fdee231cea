/**
 * A table cut down to what a chart draws: at most a few thousand binned or grouped points,
 * computed where the value is held (the engine worker, or the compute realm for values it alone
 * holds) so a million-row result never reaches the page. One pass over plain or typed arrays
 * per step: a million rows bin in tens of milliseconds, where Arquero's derive/groupby verbs
 * took seconds.
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { isTable } from "../engine";
import { numbersOf, readColumn, type Read } from "./chartColumns";
import type { ChartChoice, ChartData, ChartPoint } from "./protocol";

/** Points a chart gets at most; more would only slow the page's SVG down. */
export const MAX_CHART_POINTS = 4000;
/** Bins of a histogram, buckets along a line's x, and cells per axis of a binned scatter. */
const HISTOGRAM_BINS = 40;
const LINE_BUCKETS = 400;
const DOT_BINS = 40;
/** Rows a scatter draws one dot each; past this, a grid of counted cells (at most 40×40). */
const MAX_DOTS = 2000;
/** Bars past this many categories are cut (the biggest are kept). */
const MAX_BARS = 60;
/** Colours past this many are drawn as one "other". */
const MAX_COLORS = 10;
const OTHER = "(other)";

type Drawn = { points: ChartPoint[]; summary: string };

/** The rows a chart can place, with the columns it uses read once. */
interface Rows {
  /** Indices of rows whose x (and y) are placeable: not null, finite when numbers or dates. */
  keep: Uint32Array;
  x: ArrayLike<unknown>;
  xNumbers?: ArrayLike<number>;
  yNumbers?: ArrayLike<number>;
  /** Per kept row, the index of its colour in `colors`; absent without a colour column. */
  color?: Uint16Array;
  colors: string[];
}

const isNumberLike = (kind: string | undefined) => kind === "number" || kind === "date";

/** Arquero's "nice" bins over [min, max] (the same steps `op.bins` picks), from a two-row table. */
function niceBins(min: number, max: number, count: number): { lo: number; step: number } {
  const [lo, , step] = aq
    .table({ v: [min, max] })
    .rollup({ b: aq.op.bins("v", count) })
    .get("b", 0) as [number, number, number];
  return { lo, step };
}

/** Bin index of every kept row's value, and the bins' start and step. */
function binOf(values: ArrayLike<number>, keep: Uint32Array, count: number): { index: Uint32Array; lo: number; step: number; bins: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < keep.length; i++) {
    const v = values[keep[i]];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const { lo, step } = niceBins(min, max, count);
  const index = new Uint32Array(keep.length);
  let bins = 0;
  // As op.bin: the small epsilon keeps a value on a bin's edge in the bin it starts.
  for (let i = 0; i < keep.length; i++) {
    const b = Math.floor(1e-14 + (values[keep[i]] - lo) / step);
    index[i] = b;
    if (b >= bins) bins = b + 1;
  }
  return { index, lo, step, bins };
}

/** The colour of every kept row as an index: the most frequent colours, the rest as one "other". */
function colorsOf(values: ArrayLike<unknown>, keep: Uint32Array): { color: Uint16Array; colors: string[] } {
  const text = (v: unknown) => (v == null ? "null" : "" + (v as string));
  const counts = new Map<string, number>();
  for (let i = 0; i < keep.length; i++) {
    const c = text(values[keep[i]]);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, MAX_COLORS);
  const colors = top.map(([c]) => c);
  const slot = new Map(colors.map((c, i) => [c, i]));
  if (counts.size > top.length) colors.push(OTHER);
  const color = new Uint16Array(keep.length);
  for (let i = 0; i < keep.length; i++) color[i] = slot.get(text(values[keep[i]])) ?? MAX_COLORS;
  return { color, colors };
}

function placeable(table: ColumnTable, choice: ChartChoice, columns: Record<string, Read>): Rows {
  const xColumn = columns[choice.x];
  const yColumn = choice.mark !== "histogram" && choice.y !== undefined ? columns[choice.y] : undefined;
  const x = xColumn.values;
  const y = yColumn?.values;
  const xNumbers = isNumberLike(xColumn.kind) ? numbersOf(xColumn) : undefined;
  const yNumbers = yColumn && isNumberLike(yColumn.kind) ? numbersOf(yColumn) : undefined;
  const n = table.numRows();
  const keep = new Uint32Array(n);
  let kept = 0;
  for (let row = 0; row < n; row++) {
    if (xNumbers ? !Number.isFinite(xNumbers[row]) : x[row] == null) continue;
    if (y && (yNumbers ? !Number.isFinite(yNumbers[row]) : y[row] == null)) continue;
    keep[kept++] = row;
  }
  const rows = keep.subarray(0, kept);
  const colored = choice.color ? colorsOf(columns[choice.color].values, rows) : { color: undefined, colors: [] };
  return { keep: rows, x, xNumbers, yNumbers, ...colored };
}

/** Counts (and sums of y) per cell of `cells` cells, a cell being a bin or group times a colour. */
function tally(cellOf: (i: number) => number, cells: number, rows: Rows): { count: Float64Array; sum: Float64Array } {
  const count = new Float64Array(cells);
  const sum = new Float64Array(cells);
  const { keep, yNumbers } = rows;
  for (let i = 0; i < keep.length; i++) {
    const cell = cellOf(i);
    count[cell]++;
    if (yNumbers) sum[cell] += yNumbers[keep[i]];
  }
  return { count, sum };
}

const colorCount = (rows: Rows) => Math.max(1, rows.colors.length);
const withColor = (rows: Rows, c: number) => (rows.color ? { color: rows.colors[c] } : {});

function histogram(rows: Rows, choice: ChartChoice): Drawn {
  const { index, lo, step, bins } = binOf(rows.xNumbers!, rows.keep, HISTOGRAM_BINS);
  const colors = colorCount(rows);
  const { count } = tally((i) => index[i] * colors + (rows.color?.[i] ?? 0), bins * colors, rows);
  const points: ChartPoint[] = [];
  for (let b = 0; b < bins; b++) {
    for (let c = 0; c < colors; c++) {
      const n = count[b * colors + c];
      if (n > 0) points.push({ x: lo + step * b, x2: lo + step * b + step, y: n, ...withColor(rows, c) });
    }
  }
  return { points, summary: `count in ${HISTOGRAM_BINS} bins of ${choice.x}` };
}

function line(rows: Rows, choice: ChartChoice): Drawn {
  const { index, lo, step, bins } = binOf(rows.xNumbers!, rows.keep, LINE_BUCKETS);
  const colors = colorCount(rows);
  const { count, sum } = tally((i) => index[i] * colors + (rows.color?.[i] ?? 0), bins * colors, rows);
  const mean = rows.yNumbers !== undefined;
  const points: ChartPoint[] = [];
  for (let b = 0; b < bins && points.length < MAX_CHART_POINTS; b++) {
    for (let c = 0; c < colors; c++) {
      const cell = b * colors + c;
      if (count[cell] > 0) points.push({ x: lo + step * b, y: mean ? sum[cell] / count[cell] : count[cell], ...withColor(rows, c) });
    }
  }
  return { points, summary: mean ? `mean of ${choice.y} over ${choice.x}` : `count over ${choice.x}` };
}

function dots(rows: Rows): Drawn {
  const xs = rows.xNumbers!;
  const ys = rows.yNumbers ?? xs;
  const { keep } = rows;
  if (keep.length <= MAX_DOTS) {
    const points = Array.from(keep, (row, i): ChartPoint => ({ x: xs[row], y: ys[row], ...withColor(rows, rows.color?.[i] ?? 0) }));
    return { points, summary: "one dot per row" };
  }
  // Too many rows to draw one dot each: a grid of cells, each dot sized by its count.
  const bx = binOf(xs, keep, DOT_BINS);
  const by = binOf(ys, keep, DOT_BINS);
  const colors = colorCount(rows);
  const { count } = tally((i) => (bx.index[i] * by.bins + by.index[i]) * colors + (rows.color?.[i] ?? 0), bx.bins * by.bins * colors, rows);
  const points: ChartPoint[] = [];
  for (let cell = 0; cell < count.length && points.length < MAX_CHART_POINTS; cell++) {
    if (count[cell] === 0) continue;
    const c = cell % colors;
    const xy = (cell - c) / colors;
    points.push({ x: bx.lo + bx.step * Math.floor(xy / by.bins), y: by.lo + by.step * (xy % by.bins), n: count[cell], ...withColor(rows, c) });
  }
  return { points, summary: `count in a ${DOT_BINS}×${DOT_BINS} grid` };
}

function bars(rows: Rows, choice: ChartChoice, kinds: Record<string, string>): Drawn {
  // Bars are named by their text, so 1 and "1" never split a bar; one kind of value groups by the
  // value itself (a date by its time), the text made once per bar rather than once per row.
  const kind = kinds[choice.x];
  const byValue = kind === "string" || kind === "number" || kind === "boolean" || kind === "bigint" || kind === "date";
  const values = kind === "date" ? rows.xNumbers! : rows.x;
  const groups = new Map<unknown, number>();
  const keys: unknown[] = [];
  const group = new Uint32Array(rows.keep.length);
  for (let i = 0; i < rows.keep.length; i++) {
    const v = values[rows.keep[i]];
    const key = byValue ? v : "" + (v as string);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = keys.push(key) - 1));
    group[i] = g;
  }
  const names = keys.map((key) => (kind === "date" ? String(new Date(key as number)) : String(key)));
  const colors = colorCount(rows);
  const { count, sum } = tally((i) => group[i] * colors + (rows.color?.[i] ?? 0), names.length * colors, rows);
  const measure = rows.yNumbers ? sum : count;
  const totals = names.map((_, g) => {
    let total = 0;
    for (let c = 0; c < colors; c++) total += measure[g * colors + c];
    return total;
  });
  // The biggest bars are kept; with colours, each kept bar's stacks, biggest first.
  const top = names.map((_, g) => g).sort((a, b) => totals[b] - totals[a]).slice(0, MAX_BARS);
  const points: ChartPoint[] = [];
  for (const g of top) {
    if (!rows.color) points.push({ x: names[g], y: totals[g] });
    else for (let c = 0; c < colors; c++) if (count[g * colors + c] > 0) points.push({ x: names[g], y: measure[g * colors + c], color: rows.colors[c] });
  }
  if (rows.color) points.sort((a, b) => b.y - a.y);
  return { points, summary: rows.yNumbers ? `sum of ${choice.y} by ${choice.x}` : `count by ${choice.x}` };
}

/** Charts already made per table and choice: switching marks back and forth is then instant. */
const made = new WeakMap<object, Map<string, ChartData>>();
const MADE_PER_TABLE = 16;

/** What a chart of `value` with `choice` draws; columns the table lacks are reported, not guessed. */
export function chartData(value: unknown, choice: ChartChoice): ChartData {
  if (!isTable(value)) return { kind: "missing", reason: "Only tables can be charted." };
  const key = JSON.stringify([choice.mark, choice.x, choice.y, choice.color]);
  const known = made.get(value)?.get(key);
  if (known) return known;
  const data = compute(value, choice);
  const forTable = made.get(value) ?? new Map<string, ChartData>();
  forTable.set(key, data);
  if (forTable.size > MADE_PER_TABLE) forTable.delete(forTable.keys().next().value as string);
  made.set(value, forTable);
  return data;
}

function compute(table: ColumnTable, choice: ChartChoice): ChartData {
  const names = new Set(table.columnNames());
  for (const name of [choice.x, choice.y, choice.color]) {
    if (name !== undefined && !names.has(name)) return { kind: "missing", reason: `No column "${name}" in this table.` };
  }
  // Only the columns the chart uses are read, and their kinds found from what was read.
  const columns: Record<string, Read> = {};
  const kinds: Record<string, string> = {};
  for (const name of new Set([choice.x, choice.y, choice.color].filter((n): n is string => n !== undefined))) {
    columns[name] = readColumn(table, name);
    kinds[name] = columns[name].kind;
  }
  const needsNumbers = choice.mark === "histogram" || choice.mark === "line" || choice.mark === "dot";
  if (needsNumbers && !isNumberLike(kinds[choice.x])) return { kind: "missing", reason: `A ${choice.mark} needs numbers or dates on x; "${choice.x}" holds ${kinds[choice.x]}.` };
  if (choice.mark === "dot" && choice.y && !isNumberLike(kinds[choice.y])) return { kind: "missing", reason: `Dots need numbers on y; "${choice.y}" holds ${kinds[choice.y]}.` };
  const rows = placeable(table, choice, columns);
  // Bars and lines sum or average y only when it holds numbers (not dates); otherwise they count rows.
  if (choice.mark !== "dot" && (choice.y === undefined || kinds[choice.y] !== "number")) rows.yNumbers = undefined;
  const drawn: Drawn =
    rows.keep.length === 0
      ? { points: [], summary: "no rows to draw" }
      : choice.mark === "histogram"
        ? histogram(rows, choice)
        : choice.mark === "bar"
          ? bars(rows, choice, kinds)
          : choice.mark === "line"
            ? line(rows, choice)
            : dots(rows);
  return { kind: "chart", choice, xType: kinds[choice.x], numRows: table.numRows(), ...drawn };
}
