import { toArrow, type ColumnTable } from "arquero";
import { tableToIPC, Type } from "@uwdata/flechette";
import { withHasher } from "./hashers";
import { columnValues, kindOfColumn } from "../formats/table";
import { ARROW_EXACT } from "../formats/native";
import type { DataVersion } from "../types";
import { Writer } from "./writer";

/**
 * The previous scheme's table encoding, kept only to verify results stored under `fp1` (a native
 * table's fp1 version is xxhash128 of its Arrow IPC bytes; results without a checksum are checked
 * by fingerprinting their value again under the scheme that made their version). New versions
 * are fp2's (tableHash.ts): fp1 Arrow-encoded every table on the critical path.
 */
export const LEGACY_SCHEME = "fp1";

/**
 * Arrow types inferred from object or byte cells. Only such columns can hold cells Arrow would
 * change (objects gaining keys, Maps and class instances losing state), so only they are scanned.
 */
const NOT_FLAT: ReadonlySet<number> = new Set([Type.List, Type.Struct, Type.Union, Type.FixedSizeList, Type.Map, Type.LargeList, Type.ListView, Type.LargeListView, Type.Binary, Type.LargeBinary, Type.FixedSizeBinary, Type.BinaryView]);

/**
 * A table's Arrow IPC bytes as fp1 hashed them. Null when Arrow can't hold the table exactly
 * (mixed types; objects, bytes, Maps or functions in cells): fp1 hashed those cell by cell.
 */
export function fp1TableIpc(table: ColumnTable): Uint8Array | null {
  try {
    const arrow = toArrow(table);
    const lossy = arrow.schema.fields.some((f) => NOT_FLAT.has(f.type.typeId) && !ARROW_EXACT.has(kindOfColumn(columnValues(table, f.name))));
    return lossy ? null : (tableToIPC(arrow, { format: "stream" }) as Uint8Array);
  } catch {
    return null; // Arrow inference refuses mixed types
  }
}

export function writeGrouping(w: Writer, groupby: readonly string[]): void {
  w.tag("G");
  w.u32(groupby.length);
  for (const name of groupby) w.text(name);
}

/**
 * The fp1 data version of a whole table given its Arrow IPC bytes, without decoding them: how a
 * native table stored under fp1 is checked on read, its version being a hash of its stored bytes.
 */
export function ipcTableVersion(ipc: Uint8Array, groupby?: readonly string[]): Promise<DataVersion> {
  return withHasher((hasher) => {
    const w = new Writer(hasher);
    if (groupby) writeGrouping(w, groupby);
    w.tag("T");
    w.bytes(ipc);
    w.flush();
    return `${LEGACY_SCHEME}_${hasher.digest("hex")}` as DataVersion;
  });
}
