import { deserialize, serialize } from "@ungap/structured-clone";
import { strFromU8, strToU8 } from "fflate";
import type { StoredResult } from "../types";
import type { BodyEncoding, BundleResult } from "./manifest";

/**
 * A stored result as one file of a bundle. Byte formats (and native tables, Arrow IPC) are their
 * bytes; structured data (native values, tables with nested cells) has no bytes of its own, so it
 * is written as clone-JSON (@ungap/structured-clone's records), which keeps Map, Set, Date,
 * typed arrays, bigint, undefined and shared references. CSV and JSON tables keep the column
 * kinds they were written with beside their bytes; the manifest carries those.
 */
export function bodyOf(stored: StoredResult): { bytes: Uint8Array; encoding: BodyEncoding; schema?: Record<string, string> } {
  // A body read from a layer (republishing what was published) is already in a bundle's form.
  if (stored.bytes && stored.encoding === "clone-json") return { bytes: stored.bytes, encoding: "clone-json" };
  if (stored.bytes && stored.data === undefined) return { bytes: stored.bytes, encoding: "bytes" };
  if (stored.bytes) return { bytes: stored.bytes, encoding: "bytes", schema: stored.data as Record<string, string> };
  return { bytes: strToU8(JSON.stringify(serialize(stored.data, { lossy: false }))), encoding: "clone-json" };
}

/** The result as a layer hands it out: checksummed with the manifest's sum, marked as published. */
export function storedFromBody(result: BundleResult, bytes: Uint8Array, from: string): StoredResult {
  return {
    dataVersion: result.dataVersion as StoredResult["dataVersion"],
    format: result.format,
    kind: result.kind,
    bytes,
    ...(result.schema && { data: result.schema }),
    ...(result.encoding === "clone-json" && { encoding: "clone-json" as const }),
    ...(result.groupby && { groupby: result.groupby }),
    byteLength: bytes.byteLength,
    createdAt: 0,
    checksum: result.checksum,
    from,
  };
}

/**
 * Record types a body may use. Not ERROR, nor any constructor name: the library builds those with
 * `new globalThis[name](...)`, which a crafted body would turn into `new WebSocket(url)`.
 */
const PLAIN_TYPES = new Set<unknown>([-1, 0, 1, 2, 3, 4, 5, 6, 8, "-0", "ArrayBuffer", "DataView"]);
const TYPED = new Set<unknown>(["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]);

/** Structured data back from a clone-JSON body; throws on anything that is not plain data. */
export function readCloneJson(bytes: Uint8Array): unknown {
  const records: unknown = JSON.parse(strFromU8(bytes));
  if (!Array.isArray(records) || records.length === 0) throw new TypeError("not a list of records");
  for (const record of records) {
    if (!Array.isArray(record) || record.length !== 2) throw new TypeError("a record is not a pair");
    const type = record[0];
    if (!PLAIN_TYPES.has(type) && !TYPED.has(type)) throw new TypeError(`record type ${JSON.stringify(type)} is not plain data`);
    if (TYPED.has(type) && !(Array.isArray(record[1]) && record[1].every((n) => typeof n === "number" || typeof n === "string"))) throw new TypeError("a typed array holds something else");
  }
  return deserialize(records as Parameters<typeof deserialize>[0]);
}
