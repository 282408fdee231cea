import type { Compressors as ReadCompressors, FileMetaData } from "hyparquet";
/** hyparquet-writer's compressors: a page's bytes in, compressed bytes out. */
type WriteCompressors = Partial<Record<"SNAPPY" | "GZIP" | "ZSTD", (input: Uint8Array) => Uint8Array>>;
import { SluiceError } from "../errors";

/*
 * Parquet compression, both ways, with every codec loaded only when a file needs it: hyparquet
 * reads UNCOMPRESSED and SNAPPY by itself; `hyparquet-compressors` (~75 KB gzipped) adds GZIP,
 * BROTLI, LZ4 (Hadoop framing too), LZ4_RAW and ZSTD and is imported the first time a file uses
 * one of them. For writing, hyparquet-writer does SNAPPY; GZIP comes from fflate and ZSTD from
 * the zstd library compiled to wasm (`@bokuweb/zstd-wasm`, ~250 KB, fetched on first use).
 */

/** What `cache({ format: "parquet", compression })` and `files.write(..., { compression })` take. */
export const PARQUET_COMPRESSIONS = ["snappy", "zstd", "gzip", "none"] as const;
export type ParquetCompression = (typeof PARQUET_COMPRESSIONS)[number];
export const DEFAULT_PARQUET_COMPRESSION: ParquetCompression = "snappy";

/** Codecs that can be read but not written, so the message can say which half is missing. */
const READ_ONLY = ["brotli", "lz4", "lz4_raw"];

/**
 * The compression option checked: undefined stays undefined (the default applies), anything
 * else must be one of PARQUET_COMPRESSIONS, or BAD_OPTION names what was given and what works.
 */
export function checkCompression(value: unknown, where: { node?: string; label: string }): ParquetCompression | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (PARQUET_COMPRESSIONS as readonly string[]).includes(value.toLowerCase())) {
    return value.toLowerCase() as ParquetCompression;
  }
  const known = typeof value === "string" && READ_ONLY.includes(value.toLowerCase());
  const why = known ? `Sluice reads ${value.toUpperCase()} Parquet files but cannot write them` : `unknown compression ${JSON.stringify(value)}`;
  throw new SluiceError("BAD_OPTION", `${where.label}: ${why} (use ${PARQUET_COMPRESSIONS.join(", ")})`, {
    node: where.node,
    option: "compression",
  });
}

let readCompressors: Promise<ReadCompressors> | undefined;

/** The codecs a file's column chunks use, e.g. {"ZSTD"}. */
export function codecsOf(metadata: FileMetaData): Set<string> {
  const codecs = new Set<string>();
  for (const group of metadata.row_groups) {
    for (const column of group.columns) if (column.meta_data) codecs.add(column.meta_data.codec);
  }
  return codecs;
}

/**
 * Decompressors for a file: none beyond hyparquet's own for UNCOMPRESSED/SNAPPY files (the
 * common case pays nothing), all of hyparquet-compressors otherwise. LZO, which no maintained
 * JavaScript decoder reads, is refused by name.
 */
export async function decompressorsFor(metadata: FileMetaData): Promise<ReadCompressors | undefined> {
  const codecs = codecsOf(metadata);
  if (codecs.has("LZO")) throw new Error("LZO compression is not supported; re-save the file with ZSTD, SNAPPY or GZIP");
  if ([...codecs].every((c) => c === "UNCOMPRESSED" || c === "SNAPPY")) return undefined;
  readCompressors ??= import("hyparquet-compressors").then((m) => m.compressors as ReadCompressors);
  return readCompressors;
}

let zstd: Promise<(input: Uint8Array) => Uint8Array> | undefined;

function loadZstd(): Promise<(input: Uint8Array) => Uint8Array> {
  zstd ??= Promise.all([import("@bokuweb/zstd-wasm"), import("./zstdWasm")]).then(async ([lib, wasm]) => {
    // The wasm comes inline: the compute realm may fetch nothing (see vite.realm.ts).
    // (Node's build of the library reads its own file and ignores the argument.)
    await (lib.init as (wasm?: Uint8Array) => Promise<void>)(wasm.zstdWasmBytes());
    // Level 3 is zstd's own default, as pyarrow and DuckDB use.
    return (input: Uint8Array) => lib.compress(input, 3);
  });
  // A failed load (offline, blocked wasm) is retried on the next write rather than cached.
  zstd.catch(() => (zstd = undefined));
  return zstd;
}

/** hyparquet-writer's codec name and compressor for a compression choice. */
export async function compressorFor(
  compression: ParquetCompression,
): Promise<{ codec: "SNAPPY" | "ZSTD" | "GZIP" | "UNCOMPRESSED"; compressors?: WriteCompressors }> {
  // Checked already (checkCompression), but cache() options reach here as the user wrote them.
  switch (compression.toLowerCase() as ParquetCompression) {
    case "snappy":
      return { codec: "SNAPPY" };
    case "none":
      return { codec: "UNCOMPRESSED" };
    case "gzip": {
      const { gzipSync } = await import("fflate");
      return { codec: "GZIP", compressors: { GZIP: (input: Uint8Array) => gzipSync(input) } };
    }
    case "zstd":
      return { codec: "ZSTD", compressors: { ZSTD: await loadZstd() } };
    default:
      throw new Error(`unknown Parquet compression ${JSON.stringify(compression)}`);
  }
}
