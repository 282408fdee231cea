import { ColumnTable } from "arquero";
import { columnValues, type ColumnSchema } from "../formats/table";
import type { DataVersion } from "../types";
import { fp1TableIpc, LEGACY_SCHEME, writeGrouping } from "./fp1";
import { withHasher } from "./hashers";
import { writeColumns } from "./tableHash";
import { Writer } from "./writer";

/**
 * The pinned fingerprint scheme. It prefixes every data version, so results made under another
 * scheme can never be served: their versions simply never match.
 *
 * fp2 (this one) hashes tables from their column data (tableHash.ts); every other value keeps
 * fp1's type-tagged encoding byte for byte, under the new prefix. fp1 hashed a table's Arrow IPC
 * bytes; it is kept only to verify results stored under it (fp1.ts).
 */
export const FINGERPRINT_SCHEME = "fp2";

export type FingerprintScheme = typeof FINGERPRINT_SCHEME | typeof LEGACY_SCHEME;

export interface Fingerprint {
  dataVersion: DataVersion;
  /** True when some part of the value could not be fingerprinted (a function, a promise...). */
  unhashable: boolean;
}

class Unhashable extends Error {}

interface Context {
  scheme: FingerprintScheme;
  /** Objects on the path from the root: a second visit is a cycle. */
  seen: Set<object>;
}

/** What fp2 found each column of a table to hold: storage reuses it instead of scanning again. */
const kindsOfTable = new WeakMap<ColumnTable, ColumnSchema>();

/** The column kinds of a table fingerprinted under fp2, if it was. */
export function hashedKinds(table: ColumnTable): ColumnSchema | undefined {
  return kindsOfTable.get(table);
}

/** The scheme a data version was made under (undefined for `<unhashable>_...` and stand-ins). */
export function schemeOf(dataVersion: string): FingerprintScheme | undefined {
  const prefix = dataVersion.slice(0, dataVersion.indexOf("_"));
  return prefix === FINGERPRINT_SCHEME || prefix === LEGACY_SCHEME ? prefix : undefined;
}

export function randomSuffix(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function digest(value: unknown, ctx: Context): Promise<string> {
  return withHasher(async (hasher) => {
    const writer = new Writer(hasher);
    await write(writer, value, ctx);
    writer.flush();
    return hasher.digest("hex");
  });
}

/** Unordered collections hash their members' digests, sorted, so insertion order doesn't matter. */
async function writeUnordered(w: Writer, tag: string, members: unknown[], ctx: Context): Promise<void> {
  const digests = await Promise.all(members.map((m) => digest(m, ctx)));
  w.tag(tag);
  w.u32(digests.length);
  for (const d of digests.sort()) w.text(d);
}

async function writeObject(w: Writer, value: object, ctx: Context): Promise<void> {
  if (value instanceof ColumnTable) {
    await writeTable(w, value, ctx);
  } else if (value instanceof Date) {
    w.tag("D");
    w.f64(value.getTime());
  } else if (ArrayBuffer.isView(value)) {
    w.tag("V");
    w.text(value.constructor.name);
    w.bytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (value instanceof ArrayBuffer) {
    w.tag("B");
    w.bytes(new Uint8Array(value));
  } else if (Array.isArray(value)) {
    w.tag("a");
    w.u32(value.length);
    for (const item of value) await write(w, item, ctx);
  } else if (value instanceof Map) {
    await writeUnordered(w, "m", [...value.entries()], ctx);
  } else if (value instanceof Set) {
    await writeUnordered(w, "s", [...value.values()], ctx);
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    w.tag("o");
    w.u32(keys.length);
    for (const key of keys) {
      w.text(key);
      await write(w, (value as Record<string, unknown>)[key], ctx);
    }
  } else {
    // Class instances (and promises) may hold state we cannot see; hashing them would lie.
    throw new Unhashable();
  }
}

/**
 * Schema and visible rows in order; grouping changes what downstream verbs compute, so it counts
 * too. fp2: each column's canonical form (tableHash.ts). fp1: the Arrow bytes when Arrow holds
 * the table faithfully, else every cell with its type tag.
 */
async function writeTable(w: Writer, table: ColumnTable, ctx: Context): Promise<void> {
  if (table.isGrouped()) {
    const names = table.groups()!.names;
    // Groups keyed by expressions (not columns) can't be told apart or restored from the data.
    if (ctx.seen.size > 1 || !names.every((n) => table.columnNames().includes(n))) throw new Unhashable();
    writeGrouping(w, names);
  }
  if (ctx.scheme === FINGERPRINT_SCHEME) {
    kindsOfTable.set(table, await writeColumns(w, table, (cw, cell) => write(cw, cell, ctx)));
    return;
  }
  const ipc = fp1TableIpc(table);
  if (ipc) {
    w.tag("T");
    w.bytes(ipc);
    return;
  }
  w.tag("C");
  w.u32(table.numRows());
  for (const name of table.columnNames()) {
    w.text(name);
    for (const cell of columnValues(table, name)) await write(w, cell, ctx);
  }
}

async function write(w: Writer, value: unknown, ctx: Context): Promise<void> {
  switch (typeof value) {
    case "undefined":
      return w.tag("u");
    case "boolean":
      return w.tag(value ? "t" : "f");
    case "number":
      w.tag("n");
      return w.f64(value);
    case "bigint":
      w.tag("g");
      return w.text(value.toString());
    case "string":
      w.tag("S");
      return w.text(value);
    case "function":
    case "symbol":
      throw new Unhashable();
    case "object":
      if (value === null) return w.tag("0");
      if (ctx.seen.has(value)) throw new Unhashable(); // a cycle
      ctx.seen.add(value);
      try {
        return await writeObject(w, value, ctx);
      } finally {
        ctx.seen.delete(value);
      }
  }
}

/**
 * The content fingerprint of a value: type-tagged, deterministic across runs, reloads and workers.
 * `scheme` is for checking results stored under an older scheme; new versions use the pinned one.
 * @example (await fingerprint(1)).dataVersion !== (await fingerprint("1")).dataVersion
 */
export async function fingerprint(value: unknown, scheme: FingerprintScheme = FINGERPRINT_SCHEME): Promise<Fingerprint> {
  try {
    const hex = await digest(value, { scheme, seen: new Set() });
    return { dataVersion: `${scheme}_${hex}` as DataVersion, unhashable: false };
  } catch (error) {
    if (!(error instanceof Unhashable)) throw error;
    return { dataVersion: `<unhashable>_${randomSuffix()}` as DataVersion, unhashable: true };
  }
}
