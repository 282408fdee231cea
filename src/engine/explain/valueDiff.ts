import { isTable, columnValues, schemaOf } from "../formats/table";
import type { ColumnTable } from "arquero";

const SAMPLE = 20;

export interface CellChange {
  /** The row's position (in the newer table), or its key value. */
  row: number | string;
  column: string;
  before: unknown;
  after: unknown;
}

export type ValueDiff =
  | {
      kind: "table";
      /** `common`: in both tables, in the newer one's order (candidates for a key). */
      columns: { common: string[]; added: string[]; removed: string[]; retyped: { name: string; before: string; after: string }[] };
      rows: { before: number; after: number };
      /** How rows were paired: by position, or by a key column present in both tables. */
      by: { position: true } | { key: string };
      /** Paired rows with at least one differing cell in the columns both tables have. */
      changedRows: number;
      /** Rows with no partner: beyond the shorter table, or keys only on one side. */
      addedRows: number;
      removedRows: number;
      /** Up to twenty changed cells, in row order. */
      sample: CellChange[];
    }
  | { kind: "value"; equal: boolean };

/** Cells compare by value: numbers exactly, dates by time, the rest by their JSON. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function pairs(before: ColumnTable, after: ColumnTable, key: string | undefined): { pairs: [number, number][]; added: number; removed: number } {
  if (key === undefined) {
    const n = Math.min(before.numRows(), after.numRows());
    return { pairs: Array.from({ length: n }, (_, i) => [i, i]), added: Math.max(0, after.numRows() - n), removed: Math.max(0, before.numRows() - n) };
  }
  const rowOf = new Map<string, number>();
  columnValues(before, key).forEach((value, i) => rowOf.set(JSON.stringify(value), i));
  const found: [number, number][] = [];
  columnValues(after, key).forEach((value, i) => {
    const j = rowOf.get(JSON.stringify(value));
    if (j !== undefined) found.push([j, i]);
  });
  return { pairs: found, added: after.numRows() - found.length, removed: before.numRows() - found.length };
}

/**
 * What changed between two values of a node: for tables, columns added, removed or retyped, row
 * counts, how many paired rows differ (by position, or by `key` when both tables have it) and a
 * sample of changed cells; for other values, only whether they are equal.
 * @example diffValues(before, after, "country").changedRows // 1
 */
export function diffValues(before: unknown, after: unknown, key?: string): ValueDiff {
  if (!isTable(before) || !isTable(after)) return { kind: "value", equal: same(before, after) };
  const then = schemaOf(before);
  const now = schemaOf(after);
  const common = Object.keys(now).filter((c) => c in then);
  const usable = key !== undefined && common.includes(key) ? key : undefined;
  const { pairs: matched, added, removed } = pairs(before, after, usable);
  const columns = common.map((c) => ({ name: c, before: columnValues(before, c), after: columnValues(after, c) }));
  const keys = usable === undefined ? undefined : columnValues(after, usable);
  let changedRows = 0;
  const sample: CellChange[] = [];
  for (const [i, j] of matched) {
    let changed = false;
    for (const column of columns) {
      if (same(column.before[i], column.after[j])) continue;
      changed = true;
      if (sample.length < SAMPLE) sample.push({ row: keys ? String(keys[j]) : j, column: column.name, before: column.before[i], after: column.after[j] });
    }
    if (changed) changedRows++;
  }
  return {
    kind: "table",
    columns: {
      common,
      added: Object.keys(now).filter((c) => !(c in then)),
      removed: Object.keys(then).filter((c) => !(c in now)),
      retyped: common.filter((c) => then[c] !== now[c] && then[c] !== "null" && now[c] !== "null").map((c) => ({ name: c, before: then[c], after: now[c] })),
    },
    rows: { before: before.numRows(), after: after.numRows() },
    by: usable === undefined ? { position: true } : { key: usable },
    changedRows,
    addedRows: added,
    removedRows: removed,
    sample,
  };
}
