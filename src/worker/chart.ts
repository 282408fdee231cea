/**
 * A table cut down to what a chart draws: at most a few thousand binned or grouped points,
 * computed here in the engine worker with Arquero so a million-row result never reaches the page.
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { isTable, schemaOf } from "../engine";
import type { ChartChoice, ChartData, ChartPoint } from "./protocol";

/** Points a chart gets at most; more would only slow the page's SVG down. */
export const MAX_CHART_POINTS = 4000;
/** Bins of a histogram, buckets along a line's x, and cells per axis of a binned scatter. */
const HISTOGRAM_BINS = 40;
const LINE_BUCKETS = 400;
const DOT_BINS = 50;
/** Bars past this many categories are cut (the biggest are kept). */
const MAX_BARS = 60;
/** Colours past this many are drawn as one "other". */
const MAX_COLORS = 10;
const OTHER = "(other)";

const col = (name: string) => `d[${JSON.stringify(name)}]`;
/** Dates are binned as milliseconds; nulls stay null rather than becoming 0. */
const numeric = (name: string) => `${col(name)} == null ? null : +${col(name)}`;

type Kinds = Record<string, string>;

function isNumberLike(kind: string | undefined): boolean {
  return kind === "number" || kind === "date";
}

/**
 * Only the columns the chart uses, and only rows it can place: nulls and non-finite numbers are
 * dropped, dates become milliseconds. One pass over plain arrays keeps a million rows quick
 * (a compiled `d.x != null` filter also kept no rows of a table decoded from Arrow).
 */
function placeable(table: ColumnTable, names: string[], kinds: Kinds, color: string | undefined): ColumnTable {
  const used = [...new Set(names)];
  const numbers = used.map((n) => isNumberLike(kinds[n]));
  const sources = used.map((n) => table.array(n) as ArrayLike<unknown>);
  const keep: number[] = [];
  for (let row = 0; row < table.numRows(); row++) {
    let ok = true;
    for (let i = 0; i < used.length && ok; i++) {
      const v = sources[i][row];
      ok = v != null && (!numbers[i] || Number.isFinite(+(v as number)));
    }
    if (ok) keep.push(row);
  }
  const columns: Record<string, ArrayLike<unknown>> = {};
  used.forEach((name, i) => {
    const source = sources[i];
    columns[name] = numbers[i] ? Float64Array.from(keep, (row) => +(source[row] as number)) : keep.map((row) => source[row]);
  });
  if (color && !(color in columns)) {
    const source = table.array(color) as ArrayLike<unknown>;
    columns[color] = keep.map((row) => source[row]);
  }
  return aq.table(columns);
}

/** The colour column as text, with rare values folded into one. */
function withColor(table: ColumnTable, color: string | undefined): { table: ColumnTable; key: string[] } {
  if (!color) return { table, key: [] };
  const top = table
    .groupby({ c: `${col(color)} == null ? "null" : "" + ${col(color)}` })
    .count({ as: "n" })
    .orderby(aq.desc("n"))
    .slice(0, MAX_COLORS)
    .array("c") as string[];
  const keep = new Set(top);
  const text = table.derive({ __c: `${col(color)} == null ? "null" : "" + ${col(color)}` }).array("__c") as string[];
  return { table: table.assign({ __color: text.map((c) => (keep.has(c) ? c : OTHER)) }), key: ["__color"] };
}

function binned(table: ColumnTable, x: string, bins: number, as: string): { table: ColumnTable; step: number } {
  const withX = table.derive({ __xv: numeric(x) });
  const [lo, hi, step] = withX.rollup({ b: aq.op.bins("__xv", bins) }).get("b", 0) as [number, number, number];
  return { table: withX.params({ lo, hi, step }).derive({ [as]: "op.bin(d.__xv, $.lo, $.hi, $.step)" }), step };
}

function points(table: ColumnTable, fields: Record<string, string>): ChartPoint[] {
  const names = Object.keys(fields);
  const columns = names.map((n) => table.array(fields[n]) as unknown[]);
  const out: ChartPoint[] = [];
  for (let i = 0; i < table.numRows() && out.length < MAX_CHART_POINTS; i++) {
    const p: Record<string, unknown> = {};
    names.forEach((n, j) => (p[n] = columns[j][i] instanceof Date ? +(columns[j][i] as Date) : columns[j][i]));
    out.push(p as unknown as ChartPoint);
  }
  return out;
}

function histogram(table: ColumnTable, choice: ChartChoice, key: string[]): { points: ChartPoint[]; summary: string } {
  const { table: b, step } = binned(table, choice.x, HISTOGRAM_BINS, "__x");
  const counted = b.groupby(["__x", ...key]).count({ as: "__y" }).derive({ __x2: `d.__x + ${step}` }).orderby("__x");
  return { points: points(counted, { x: "__x", x2: "__x2", y: "__y", ...(key.length ? { color: "__color" } : {}) }), summary: `count in ${HISTOGRAM_BINS} bins of ${choice.x}` };
}

function bars(table: ColumnTable, choice: ChartChoice, key: string[], kinds: Kinds): { points: ChartPoint[]; summary: string } {
  const y = choice.y && kinds[choice.y] === "number" ? choice.y : undefined;
  const measure = y ? { __y: aq.op.sum(y) } : { __y: aq.op.count() };
  // Text columns group as they are; other kinds as their text, so 1 and "1" never split a bar.
  const byX = table.derive({ __x: kinds[choice.x] === "string" ? col(choice.x) : `"" + ${col(choice.x)}` });
  const totals = byX.groupby("__x").rollup(measure).orderby(aq.desc("__y"));
  const top = new Set(totals.slice(0, MAX_BARS).array("__x") as string[]);
  // Grouped first, cut after: the cut runs over groups, not over every row.
  const rolled = (key.length ? byX.groupby(["__x", ...key]).rollup(measure) : totals).filter(aq.escape((d: { __x: string }) => top.has(d.__x))).orderby(aq.desc("__y"));
  return { points: points(rolled, { x: "__x", y: "__y", ...(key.length ? { color: "__color" } : {}) }), summary: y ? `sum of ${y} by ${choice.x}` : `count by ${choice.x}` };
}

function line(table: ColumnTable, choice: ChartChoice, key: string[], kinds: Kinds): { points: ChartPoint[]; summary: string } {
  const y = choice.y && kinds[choice.y] === "number" ? choice.y : undefined;
  const { table: b } = binned(table, choice.x, LINE_BUCKETS, "__x");
  const measure = y ? { __y: aq.op.mean(y) } : { __y: aq.op.count() };
  const rolled = b.groupby(["__x", ...key]).rollup(measure).orderby("__x");
  return { points: points(rolled, { x: "__x", y: "__y", ...(key.length ? { color: "__color" } : {}) }), summary: y ? `mean of ${y} over ${choice.x}` : `count over ${choice.x}` };
}

function dots(table: ColumnTable, choice: ChartChoice, key: string[]): { points: ChartPoint[]; summary: string } {
  const y = choice.y ?? choice.x;
  const fields = { x: "__x", y: "__y", ...(key.length ? { color: "__color" } : {}) };
  if (table.numRows() <= MAX_CHART_POINTS) {
    const raw = table.derive({ __x: numeric(choice.x), __y: numeric(y) });
    return { points: points(raw, fields), summary: `${table.numRows().toLocaleString("en")} rows` };
  }
  // Too many rows to draw one dot each: a grid of cells, each dot sized by its count.
  const bx = binned(table, choice.x, DOT_BINS, "__x").table;
  const by = binned(bx.select(aq.not("__xv")).rename({ __x: "__bx" }), y, DOT_BINS, "__y").table.rename({ __bx: "__x" });
  const counted = by.groupby(["__x", "__y", ...key]).count({ as: "__n" });
  return { points: points(counted, { ...fields, n: "__n" }), summary: `count in a ${DOT_BINS}×${DOT_BINS} grid` };
}

/** What a chart of `value` with `choice` draws; columns the table lacks are reported, not guessed. */
export function chartData(value: unknown, choice: ChartChoice): ChartData {
  if (!isTable(value)) return { kind: "missing", reason: "Only tables can be charted." };
  const kinds: Kinds = schemaOf(value);
  for (const name of [choice.x, choice.y, choice.color]) {
    if (name !== undefined && !(name in kinds)) return { kind: "missing", reason: `No column "${name}" in this table.` };
  }
  const needsNumbers = choice.mark === "histogram" || choice.mark === "line" || choice.mark === "dot";
  if (needsNumbers && !isNumberLike(kinds[choice.x])) return { kind: "missing", reason: `A ${choice.mark} needs numbers or dates on x; "${choice.x}" holds ${kinds[choice.x]}.` };
  if (choice.mark === "dot" && choice.y && !isNumberLike(kinds[choice.y])) return { kind: "missing", reason: `Dots need numbers on y; "${choice.y}" holds ${kinds[choice.y]}.` };
  const used = [choice.x, ...(choice.mark !== "histogram" && choice.y ? [choice.y] : [])];
  const rows = placeable(value, used, kinds, choice.color);
  const { table, key } = withColor(rows, choice.color);
  const drawn =
    rows.numRows() === 0
      ? { points: [], summary: "no rows to draw" }
      : choice.mark === "histogram"
        ? histogram(table, choice, key)
        : choice.mark === "bar"
          ? bars(table, choice, key, kinds)
          : choice.mark === "line"
            ? line(table, choice, key, kinds)
            : dots(table, choice, key);
  return { kind: "chart", choice, xType: kinds[choice.x], numRows: value.numRows(), ...drawn };
}
