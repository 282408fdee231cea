import { SluiceError } from "../../errors";
import { fileExtension } from "../../formats";
import type { DataVersion } from "../../types";
import type { CacheBackend } from "../backend";
import { checksumOf, decodeVerified } from "../integrity";
import type { RunRecord } from "../runRecord";
import { bodyOf, storedFromBody } from "./bodies";
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleEntry, type BundleFile, type BundleManifest, type BundleResult } from "./manifest";
import { zipBundle } from "./zip";

export interface ExportOptions {
  /** The bundle's name: the visitor's workspace is named after it. */
  name: string;
  /** The dataflow as a workspace export holds it (opaque to the engine). */
  workspace: unknown;
  /** The runs to publish, as their records are in the cache's run log. */
  runIds: readonly string[];
  /**
   * `requested`: what a run of the chosen runs' outputs needs to hit them (the outputs and every
   * node upstream of them those runs visited); `all`: also every other stored result the cache
   * holds for the dataflow's nodes; `none`: history and keys only.
   */
  results?: "requested" | "all" | "none";
  /** `read`: the files the dataflow's code names in `files.read(...)`; `all`; `none`. */
  files?: "read" | "all" | "none";
}

export interface ExportReport {
  runs: number;
  results: number;
  files: number;
  /** Bytes of the bodies and files before zipping. */
  bodyBytes: number;
  /** Results that could not go, and why (evicted, or a format that does not give its value back exactly). */
  leftOut: { node: string; dataVersion: string; why: string }[];
}

const STORED_STATUSES = new Set(["executed", "cached"]);

/** Node names upstream of (and including) the outputs, as the run recorded them. */
function neededBy(run: RunRecord): Set<string> {
  const byName = new Map(run.nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const stack = [...run.outputs];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of byName.get(name)?.dependencies ?? []) stack.push(dep);
  }
  return seen;
}

/** The file names code reads with a literal name: `files.read("flights.parquet")`. */
export function filesReadBy(modules: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const source of modules) for (const match of source.matchAll(/files\s*\.\s*read(?:Bytes)?\s*\(\s*(["'`])([^"'`\n]+)\1/g)) names.add(match[2]);
  return names;
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 100) || "file";

/**
 * A `.sluice` bundle of a dataflow with its chosen runs, results and files (SPEC.md §12). Each
 * result is decoded and checked the way a visitor's layer will check it before it goes in; one
 * that would not pass (evicted, or a format that changes a type on the way back) is left out and
 * said so in the report, never shipped to be refused.
 * @example const { bytes, report } = await buildBundle(backend, { name: "demo", workspace, runIds: [dr.cache.lastRunId!] });
 */
export async function buildBundle(backend: CacheBackend, options: ExportOptions): Promise<{ bytes: Uint8Array; manifest: BundleManifest; report: ExportReport }> {
  const runs: RunRecord[] = [];
  for (const runId of options.runIds) {
    const record = await backend.runLog.get(runId);
    if (!record) throw new SluiceError("BAD_OPTION", `No run ${runId} in this cache's history to publish`, { option: "runIds" });
    // The author's workspace ids and cache are theirs: a published run carries neither.
    const { tags: _tags, from: _from, ...rest } = record;
    runs.push({ ...rest, options: { ...rest.options, path: undefined } });
  }
  const entries = new Map<string, BundleEntry>();
  const wanted = options.results ?? "requested";
  for (const run of runs) {
    const needed = neededBy(run);
    for (const node of run.nodes) {
      if (!node.cacheKey || !node.dataVersion || !STORED_STATUSES.has(node.status) || !needed.has(node.name)) continue;
      if (node.behavior === "disable" || node.behavior === "ignore") continue;
      entries.set(node.cacheKey, { cacheKey: node.cacheKey, nodeName: node.name, dataVersion: node.dataVersion, codeVersion: node.codeVersion ?? "" });
    }
  }
  if (wanted === "all" && backend.metadataStore.entriesFor) {
    const names = [...new Set(runs.flatMap((r) => r.nodes.filter((n) => n.kind !== "input").map((n) => n.name)))];
    for (const e of await backend.metadataStore.entriesFor(names)) if (!entries.has(e.cacheKey)) entries.set(e.cacheKey, { cacheKey: e.cacheKey, nodeName: e.nodeName, dataVersion: e.dataVersion, codeVersion: e.codeVersion });
  }

  const bodies = new Map<string, { bytes: Uint8Array; compress: boolean }>();
  const results: BundleResult[] = [];
  const leftOut: ExportReport["leftOut"] = [];
  let bodyBytes = 0;
  if (wanted !== "none") {
    const versions = new Map<string, string>();
    for (const entry of entries.values()) if (!versions.has(entry.dataVersion)) versions.set(entry.dataVersion, entry.nodeName);
    for (const [dataVersion, node] of versions) {
      const stored = await backend.resultStore.getStored(dataVersion as DataVersion).catch(() => undefined);
      // A result the visitor's run hit in a published layer goes again: it is checked below
      // (decoded, fingerprinted) like any other before it is shipped.
      if (!stored) {
        leftOut.push({ node, dataVersion, why: "it is not in this cache (evicted, cleared, or never stored)" });
        continue;
      }
      const body = bodyOf(stored);
      const path = `results/${safeName(dataVersion)}${fileExtension(stored.format, stored.kind)}`;
      const result: BundleResult = {
        dataVersion,
        format: stored.format,
        kind: stored.kind,
        encoding: body.encoding,
        path,
        bytes: body.bytes.byteLength,
        checksum: (await checksumOf({ bytes: body.bytes, data: body.schema }))!,
        ...(stored.groupby && { groupby: stored.groupby }),
        ...(body.schema && { schema: body.schema }),
      };
      // The visitor's check, made now: decoded from the bundle's form, it must fingerprint back.
      const why = await wouldRefuse(result, body.bytes);
      if (why) {
        leftOut.push({ node, dataVersion, why });
        continue;
      }
      results.push(result);
      bodies.set(path, { bytes: body.bytes, compress: stored.format !== "parquet" });
      bodyBytes += body.bytes.byteLength;
    }
  }
  const published = new Set(results.map((r) => r.dataVersion));
  const keptEntries = wanted === "none" ? [...entries.values()] : [...entries.values()].filter((e) => published.has(e.dataVersion));

  const files: BundleFile[] = [];
  const fileChoice = options.files ?? "read";
  if (fileChoice !== "none") {
    const headers = await backend.files.list();
    const reads = filesReadBy(runs.flatMap((r) => r.modules));
    const chosen = fileChoice === "all" ? headers : headers.filter((f) => reads.has(f.name));
    for (const header of chosen) {
      const bytes = await backend.files.readBytes(header.name);
      const checksum = (await checksumOf({ bytes }))!;
      // Named by content, like result bodies: a host may cache every body forever.
      const path = `files/${safeName(checksum).slice(0, 24)}-${safeName(header.name)}`;
      files.push({ name: header.name, path, bytes: bytes.byteLength, checksum, format: header.format, origin: "published" });
      bodies.set(path, { bytes, compress: header.format !== "parquet" });
      bodyBytes += bytes.byteLength;
    }
  }

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    name: options.name,
    createdAt: new Date().toISOString(),
    workspace: options.workspace,
    runs,
    entries: keptEntries,
    results,
    files,
  };
  const bytes = zipBundle(manifest, bodies);
  return { bytes, manifest, report: { runs: runs.length, results: results.length, files: files.length, bodyBytes, leftOut } };
}

async function wouldRefuse(result: BundleResult, bytes: Uint8Array): Promise<string | undefined> {
  try {
    await decodeVerified(storedFromBody(result, bytes, "published:check"));
    return undefined;
  } catch {
    return `its stored format (${result.format}) does not give back the exact value a visitor's check needs`;
  }
}

/** The bundle's bytes alone (SPEC.md §12); `buildBundle` also says what went in. */
export async function exportBundle(backend: CacheBackend, options: ExportOptions): Promise<Uint8Array> {
  return (await buildBundle(backend, options)).bytes;
}
