import { table, type ColumnTable } from "arquero";
import { tableFromIPC } from "@uwdata/flechette";

/*
 * Tables for the format tests (and for anyone checking a codec by hand): every kind of cell the
 * formats must keep, including strings that look like numbers or dates, which a type-inferring
 * reader would change.
 */

const CITIES = ["New York", "Montréal", "Mexico City", "São Paulo", 'say "hi", then\nleave'];

/** Six rows of every scalar kind, with nulls in every column. */
export function sampleTable(): ColumnTable {
  return table({
    id: [1, 2, 3, 4, 5, 6],
    amount: [478.23, null, -0.5, 1e21, 2 ** 40, 0.1 + 0.2],
    city: [CITIES[0], CITIES[1], null, CITIES[2], CITIES[3], CITIES[4]],
    code: ["007", "2024-09-01", "true", null, "", "NaN"],
    when: [
      new Date("2024-09-13T00:00:00Z"),
      new Date("2024-09-12T10:05:00Z"),
      null,
      new Date("2024-09-11T10:05:03.007Z"),
      new Date("1969-07-20T20:17:40Z"),
      new Date("2024-02-29T23:59:59.999Z"),
    ],
    flag: [true, false, null, true, false, true],
    nothing: [null, null, null, null, null, null],
  });
}

/** `rows` transactions shaped like the benchmark's (SPEC.md §10), with nulls sprinkled in. */
export function bigTable(rows: number): ColumnTable {
  const cities = ["New York", "Los Angeles", "Chicago", "Montréal", "Vancouver", "Houston", "Phoenix", "Mexico City", "Chihuahua City", "Rio de Janeiro"];
  return table({
    id: Array.from({ length: rows }, (_, i) => i),
    amount: Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? null : ((i * 7919) % 100000) / 100)),
    city: Array.from({ length: rows }, (_, i) => cities[i % 10]),
    note: Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? null : `row ${i}`)),
    date: Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : new Date(Date.UTC(2024, 8, 1 + (i % 30), i % 24)))),
  });
}

/** Rows with Dates as `Date(ms)` and bigint as `123n`, so `toEqual` sees types as well as values. */
export function typedRows(t: ColumnTable): unknown[][] {
  const names = t.columnNames();
  const cols = names.map((n) => t.array(n, Array) as unknown[]);
  const tag = (v: unknown) => (v instanceof Date ? `Date(${v.getTime()})` : typeof v === "bigint" ? `${v}n` : v);
  return Array.from({ length: t.numRows() }, (_, r) => cols.map((c) => tag(c[r])));
}

/** The first cell where two tables differ (Dates by time), or undefined; fast enough for 100k rows. */
export function firstDifference(a: ColumnTable, b: ColumnTable): string | undefined {
  if (a.numRows() !== b.numRows()) return `row count ${a.numRows()} vs ${b.numRows()}`;
  if (a.columnNames().join() !== b.columnNames().join()) return `columns ${a.columnNames()} vs ${b.columnNames()}`;
  for (const name of a.columnNames()) {
    const x = a.array(name, Array) as unknown[];
    const y = b.array(name, Array) as unknown[];
    for (let i = 0; i < x.length; i++) {
      const same = x[i] instanceof Date ? y[i] instanceof Date && (x[i] as Date).getTime() === (y[i] as Date).getTime() : Object.is(x[i], y[i]);
      if (!same) return `${name}[${i}]: ${String(x[i])} vs ${String(y[i])}`;
    }
  }
  return undefined;
}

/** What Arrow IPC bytes hold, for comparing two encodings: each column's Arrow type and every cell. */
export function arrowContent(bytes: Uint8Array): { types: string[]; rows: unknown[] } {
  const arrow = tableFromIPC(bytes, { useDate: true, useBigInt: true });
  const types = arrow.schema.fields.map((f) => `${f.name}: ${JSON.stringify(f.type, (k, v) => (k === "id" ? undefined : v))}`);
  return { types, rows: arrow.toArray() };
}
