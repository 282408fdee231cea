import { fromArrow, toArrowIPC } from "arquero";
import { SluiceError } from "./errors";
import { fileExtension } from "./formats";
import type { CacheBackend } from "./stores/backend";
import { verifyBody } from "./stores/integrity";
import type { DataVersion, StorageFormat } from "./types";

/** A stored result as the file area lists it: under its data version, with its format's extension. */
export interface StoredResultInfo {
  dataVersion: DataVersion;
  fileName: string;
  format: StorageFormat;
  kind: "table" | "value";
  byteLength: number;
  createdAt: number;
  /** Nodes whose cache keys point at it (many keys can share one result). */
  nodeNames: string[];
}

/**
 * The results in the cache, newest first (the newest `limit`, when given), with the nodes that
 * produced them. Reads no bytes, and only the cache keys of the results it lists.
 */
export async function listStoredResults(backend: CacheBackend, { limit }: { limit?: number } = {}): Promise<StoredResultInfo[]> {
  const { metadataStore, resultStore } = backend;
  const headers = (await resultStore.list()).sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  const versions = headers.map((h) => h.dataVersion);
  const entries = metadataStore.entriesForVersions ? await metadataStore.entriesForVersions(versions) : await metadataStore.entries();
  const nodes = new Map<string, Set<string>>();
  for (const entry of entries) (nodes.get(entry.dataVersion) ?? nodes.set(entry.dataVersion, new Set()).get(entry.dataVersion)!).add(entry.nodeName);
  return headers
    .map((h) => ({
      dataVersion: h.dataVersion,
      fileName: `${h.dataVersion}${fileExtension(h.format, h.kind)}`,
      format: h.format,
      kind: h.kind,
      byteLength: h.byteLength,
      createdAt: h.createdAt,
      nodeNames: [...(nodes.get(h.dataVersion) ?? [])].sort(),
    }));
}

/** JSON for a download of a structured value; Map, Set, bigint and typed arrays become plain JSON. */
function downloadJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (v instanceof Map) return Object.fromEntries(v);
      if (v instanceof Set) return [...v];
      if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    2,
  );
}

/** The bytes of a stored result as a file: the format's own bytes, Feather v2 for native tables. */
export async function readStoredResult(backend: CacheBackend, dataVersion: DataVersion): Promise<{ name: string; bytes: Uint8Array }> {
  const stored = await backend.resultStore.getStored(dataVersion);
  if (!stored) throw new SluiceError("STORAGE", `No stored result for data version ${dataVersion}`);
  // A download is a read like any other: corrupt bytes are never handed out (get() drops them).
  if ((await verifyBody(stored).catch(() => "corrupt")) !== "verified") await backend.resultStore.get(dataVersion);
  const name = `${dataVersion}${fileExtension(stored.format, stored.kind)}`;
  if (stored.format === "native" && stored.kind === "table" && stored.bytes) {
    return { name, bytes: toArrowIPC(fromArrow(stored.bytes), { format: "file" }) as Uint8Array };
  }
  if (stored.bytes) return { name, bytes: stored.bytes };
  return { name, bytes: new TextEncoder().encode(downloadJson(await backend.resultStore.get(dataVersion))) };
}
