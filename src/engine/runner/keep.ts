import { ColumnTable } from "arquero";
import { isTable, type ColumnKind } from "../formats/table";
import { hashedKinds } from "../versioning/fingerprint";
import type { HeldUse, HeldValue } from "./types";

/**
 * Values kept between runs, by data version, so that a later run whose key still matches gives
 * node code the kept value instead of reading and decoding the stored body (issue 13: a code edit
 * at 1M rows read `raw_data` back, 20 MB of Arrow, to feed the nodes it re-executed). A data
 * version is a fingerprint of the content, so a kept value is the value a read would give.
 *
 * What keeps node code from changing a kept value (its data version promises that content):
 * - Tables: kept only when every column is a plain Array of primitive cells (numbers, strings,
 *   booleans, bigints, nulls) and the table is neither filtered, ordered nor grouped. Each use
 *   gets a new table over copies of the column arrays (as a read gives new arrays), so a write
 *   into `table.column(name)` changes that run's copy only. Copying costs the run that reuses the
 *   table (~30 ms a 1M-row column, far less than the read it saves); freezing the columns once
 *   versioned was the first way, but V8 boxes every number of a frozen array, which put ~35 ms a
 *   1M-row numeric column on every cold run and tripled the column's memory.
 *   Not kept: typed-array or Arrow columns (Arrow's `toArray()` hands out its buffer), Date or
 *   object cells (a copied array still shares them), filtered or grouped tables (their bitset
 *   and group keys are typed arrays).
 *   A value read back and kept is given to its readers as a copy too. Within the run that
 *   computed a table, its dependants are given the table itself, as before keeping: node code
 *   that writes into its argument's columns changes what that run stores, and keeps, too.
 * - Primitives are immutable.
 * - Other data (plain objects, arrays, Maps, Sets, Dates, typed arrays) is given as a structured
 *   clone, which is also what a read gives, so node code never reaches the kept copy. Freezing it
 *   instead would make code that builds on its argument (`config.x ??= 1`) fail only on runs
 *   that hit.
 * - Anything else (class instances, tables inside data) is not kept.
 * Checking the fingerprint again on each use was the other way: fp2 of 1M rows costs ~250 ms,
 * about what the read it would save costs.
 */
export interface KeptValues {
  /** Seals `value` (see above) and keeps it if it fits; called once the value is versioned. */
  keep(dataVersion: string, value: unknown): void;
  /**
   * A kept value, or undefined. For a node's argument (`use` "node"), given fresh: safe to hand
   * to node code. For what no node code sees (a requested output, a preview), the kept value itself.
   */
  get(dataVersion: string, use?: HeldUse): HeldValue | undefined;
  clear(): void;
  /** What is kept now, in estimated bytes. */
  readonly bytes: number;
}

/** Kept values' budget in the compute realm: a 1M-row table of four columns is ~120 MB by this estimate. */
export const KEPT_BYTES = 768 * 1024 * 1024;

/** What an entry costs beyond its value (the map entry, the closure that gives it). */
const ENTRY_BYTES = 128;

const PRIMITIVE_CELLS: ReadonlySet<ColumnKind> = new Set<ColumnKind>(["null", "number", "string", "surrogates", "boolean", "bigint"]);

interface Entry {
  /** A copy for node code to be given. */
  give(): unknown;
  value: unknown;
  bytes: number;
}

/**
 * Least recently used values within `budgetBytes`; a value larger than the budget is not kept.
 * @example const kept = createKeptValues(); dr.execute(outputs, { keepValue: (_n, dv, v) => kept.keep(dv, v), heldValue: kept.get });
 */
export function createKeptValues(budgetBytes = KEPT_BYTES): KeptValues {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  return {
    keep(dataVersion, value) {
      const entry = sealed(value);
      if (!entry) return;
      entry.bytes += ENTRY_BYTES;
      if (entry.bytes > budgetBytes) return;
      drop(dataVersion);
      entries.set(dataVersion, entry);
      bytes += entry.bytes;
      // Map order is insertion order: the first key is the least recently used.
      while (bytes > budgetBytes) drop(entries.keys().next().value as string);
    },
    get(dataVersion, use = "node") {
      const entry = entries.get(dataVersion);
      if (!entry) return undefined;
      entries.delete(dataVersion);
      entries.set(dataVersion, entry);
      return use === "node" ? { value: entry.give(), forNodes: true } : { value: entry.value };
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    get bytes() {
      return bytes;
    },
  };
}

/** How to give `value` again without letting node code change the kept copy, or undefined. */
function sealed(value: unknown): Entry | undefined {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return { give: () => value, value, bytes: primitiveBytes(value) };
  if (isTable(value)) return sealedTable(value);
  const bytes = plainBytes(value, new Set());
  return bytes === undefined ? undefined : { give: () => structuredClone(value), value, bytes };
}

function sealedTable(table: ColumnTable): Entry | undefined {
  if (!(table instanceof ColumnTable) || table.isFiltered() || table.isOrdered() || table.isGrouped()) return undefined;
  const kinds = hashedKinds(table);
  const names = table.columnNames();
  if (!kinds || !names.every((n) => PRIMITIVE_CELLS.has(kinds[n]) && Array.isArray(table.column(n)))) return undefined;
  const params = table.params();
  if (params && !Object.values(params).every((p) => p === null || typeof p !== "object")) return undefined;
  let bytes = 64;
  for (const name of names) bytes += columnBytes(table.column(name) as unknown as unknown[], kinds[name]);
  const data = table.data() as Record<string, unknown[]>;
  const copies = () => Object.fromEntries(names.map((name) => [name, data[name].slice()]));
  return { give: () => new ColumnTable(copies(), names, undefined, undefined, undefined, params ? { ...params } : undefined), value: table, bytes };
}

/** 8 bytes a cell, and for strings their characters (from a sample, as if no two cells shared one). */
function columnBytes(column: unknown[], kind: ColumnKind): number {
  let bytes = 8 * column.length;
  if (kind !== "string" || column.length === 0) return bytes;
  const step = Math.max(1, Math.floor(column.length / 256));
  let sampled = 0;
  let chars = 0;
  for (let i = 0; i < column.length; i += step, sampled++) chars += typeof column[i] === "string" ? (column[i] as string).length : 0;
  bytes += column.length * (16 + chars / sampled);
  return bytes;
}

function primitiveBytes(value: unknown): number {
  return typeof value === "string" ? 16 + 2 * value.length : 16;
}

/** Estimated size of structured-cloneable data, or undefined if it holds anything else (a table, a class instance). */
function plainBytes(value: unknown, seen: Set<object>): number | undefined {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return primitiveBytes(value);
  if (typeof value === "function" || seen.has(value)) return typeof value === "function" ? undefined : 8;
  seen.add(value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 64 + value.byteLength;
  if (value instanceof Date) return 32;
  const items =
    Array.isArray(value) ? value
    : value instanceof Map ? [...value].flat()
    : value instanceof Set ? [...value]
    : isPlain(value) ? Object.entries(value).flat()
    : undefined;
  if (!items) return undefined;
  let bytes = 32;
  for (const item of items) {
    const size = plainBytes(item, seen);
    if (size === undefined) return undefined;
    bytes += size;
  }
  return bytes;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
