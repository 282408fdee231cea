import { ColumnTable, toArrow } from "arquero";
import { tableToIPC, Type } from "@uwdata/flechette";
import { createXXHash128, type IHasher } from "hash-wasm";
import { columnValues, kindOfColumn } from "../formats/table";
import { ARROW_EXACT } from "../formats/native";
import type { DataVersion } from "../types";

/**
 * The pinned fingerprint scheme. It prefixes every data version, so results made under another
 * scheme can never be served: their versions simply never match.
 */
export const FINGERPRINT_SCHEME = "fp1";

export interface Fingerprint {
  dataVersion: DataVersion;
  /** True when some part of the value could not be fingerprinted (a function, a promise...). */
  unhashable: boolean;
}

class Unhashable extends Error {}

/**
 * Arrow types inferred from object or byte cells. Only such columns can hold cells Arrow would
 * change (objects gaining keys, Maps and class instances losing state), so only they are scanned.
 */
const NOT_FLAT: ReadonlySet<number> = new Set([Type.List, Type.Struct, Type.Union, Type.FixedSizeList, Type.Map, Type.LargeList, Type.ListView, Type.LargeListView, Type.Binary, Type.LargeBinary, Type.FixedSizeBinary, Type.BinaryView]);

const ipcOfTable = new WeakMap<ColumnTable, Uint8Array | null>();

/**
 * A table's Arrow IPC bytes, encoded once: the same bytes are hashed and then stored. Null when
 * Arrow can't hold the table exactly (mixed types; objects, bytes, Maps or functions in cells):
 * such tables are hashed cell by cell and stored as structured data.
 */
export function tableIpcOrNull(table: ColumnTable): Uint8Array | null {
  let bytes = ipcOfTable.get(table);
  // Bytes handed to another realm were transferred (detached, empty): make them again.
  if (bytes === undefined || bytes?.byteLength === 0) {
    try {
      const arrow = toArrow(table);
      const lossy = arrow.schema.fields.some((f) => NOT_FLAT.has(f.type.typeId) && !ARROW_EXACT.has(kindOfColumn(columnValues(table, f.name))));
      bytes = lossy ? null : (tableToIPC(arrow, { format: "stream" }) as Uint8Array);
    } catch {
      bytes = null; // Arrow inference refuses mixed types: the cells are hashed one by one instead
    }
    ipcOfTable.set(table, bytes);
  }
  return bytes;
}

export function tableIpc(table: ColumnTable): Uint8Array | undefined {
  return tableIpcOrNull(table) ?? undefined;
}

export function randomSuffix(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Buffers small writes so that hashing a million numbers is not a million WASM calls. */
class Writer {
  private readonly scratch = new DataView(new ArrayBuffer(1 << 16));
  private used = 0;
  private readonly encoder = new TextEncoder();
  constructor(private readonly hasher: IHasher) {}

  private room(n: number): void {
    if (this.used + n > this.scratch.byteLength) this.flush();
  }
  tag(code: string): void {
    this.room(1);
    this.scratch.setUint8(this.used++, code.charCodeAt(0));
  }
  u32(n: number): void {
    this.room(4);
    this.scratch.setUint32(this.used, n, true);
    this.used += 4;
  }
  f64(n: number): void {
    this.room(8);
    this.scratch.setFloat64(this.used, Number.isNaN(n) ? NaN : n, true);
    this.used += 8;
  }
  text(s: string): void {
    const bytes = this.encoder.encode(s);
    this.u32(bytes.byteLength);
    this.bytes(bytes);
  }
  bytes(bytes: Uint8Array): void {
    if (bytes.byteLength > 4096) {
      this.flush();
      this.hasher.update(bytes);
      return;
    }
    this.room(bytes.byteLength);
    new Uint8Array(this.scratch.buffer, this.used, bytes.byteLength).set(bytes);
    this.used += bytes.byteLength;
  }
  flush(): void {
    if (this.used === 0) return;
    this.hasher.update(new Uint8Array(this.scratch.buffer, 0, this.used));
    this.used = 0;
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

async function digest(value: unknown, seen: Set<object>): Promise<string> {
  const hasher = await createXXHash128();
  hasher.init();
  const writer = new Writer(hasher);
  await write(writer, value, seen);
  writer.flush();
  return hasher.digest("hex");
}

/** Unordered collections hash their members' digests, sorted, so insertion order doesn't matter. */
async function writeUnordered(w: Writer, tag: string, members: unknown[], seen: Set<object>): Promise<void> {
  const digests = await Promise.all(members.map((m) => digest(m, seen)));
  w.tag(tag);
  w.u32(digests.length);
  for (const d of digests.sort()) w.text(d);
}

async function writeObject(w: Writer, value: object, seen: Set<object>): Promise<void> {
  if (value instanceof ColumnTable) {
    await writeTable(w, value, seen);
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
    for (const item of value) await write(w, item, seen);
  } else if (value instanceof Map) {
    await writeUnordered(w, "m", [...value.entries()], seen);
  } else if (value instanceof Set) {
    await writeUnordered(w, "s", [...value.values()], seen);
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    w.tag("o");
    w.u32(keys.length);
    for (const key of keys) {
      w.text(key);
      await write(w, (value as Record<string, unknown>)[key], seen);
    }
  } else {
    // Class instances (and promises) may hold state we cannot see; hashing them would lie.
    throw new Unhashable();
  }
}

/**
 * Schema and visible rows in order: the Arrow bytes when Arrow holds the table faithfully, else
 * every cell with its type tag. Grouping changes what downstream verbs compute, so it counts too.
 */
async function writeTable(w: Writer, table: ColumnTable, seen: Set<object>): Promise<void> {
  if (table.isGrouped()) {
    const names = table.groups()!.names;
    // Groups keyed by expressions (not columns) can't be told apart or restored from the data.
    if (seen.size > 1 || !names.every((n) => table.columnNames().includes(n))) throw new Unhashable();
    w.tag("G");
    w.u32(names.length);
    for (const name of names) w.text(name);
  }
  const ipc = tableIpcOrNull(table);
  if (ipc) {
    w.tag("T");
    w.bytes(ipc);
    return;
  }
  w.tag("C");
  w.u32(table.numRows());
  for (const name of table.columnNames()) {
    w.text(name);
    for (const cell of columnValues(table, name)) await write(w, cell, seen);
  }
}

async function write(w: Writer, value: unknown, seen: Set<object>): Promise<void> {
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
      if (seen.has(value)) throw new Unhashable(); // a cycle
      seen.add(value);
      try {
        return await writeObject(w, value, seen);
      } finally {
        seen.delete(value);
      }
  }
}

/**
 * The data version of a whole table given its Arrow IPC bytes, without decoding them: exactly what
 * `fingerprint(table)` computes for a table Arrow holds exactly (see writeTable). This is how a
 * stored native table is checked on read: its version is already a hash of its stored bytes.
 */
export async function ipcTableVersion(ipc: Uint8Array, groupby?: readonly string[]): Promise<DataVersion> {
  const hasher = await createXXHash128();
  hasher.init();
  const w = new Writer(hasher);
  if (groupby) {
    w.tag("G");
    w.u32(groupby.length);
    for (const name of groupby) w.text(name);
  }
  w.tag("T");
  w.bytes(ipc);
  w.flush();
  return `${FINGERPRINT_SCHEME}_${hasher.digest("hex")}` as DataVersion;
}

/**
 * The content fingerprint of a value: type-tagged, deterministic across runs, reloads and workers.
 * @example (await fingerprint(1)).dataVersion !== (await fingerprint("1")).dataVersion
 */
export async function fingerprint(value: unknown): Promise<Fingerprint> {
  try {
    const hex = await digest(value, new Set());
    return { dataVersion: `${FINGERPRINT_SCHEME}_${hex}` as DataVersion, unhashable: false };
  } catch (error) {
    if (!(error instanceof Unhashable)) throw error;
    return { dataVersion: `<unhashable>_${randomSuffix()}` as DataVersion, unhashable: true };
  }
}
