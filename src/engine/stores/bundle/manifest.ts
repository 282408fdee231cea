import { SluiceError } from "../../errors";
import type { RunRecord } from "../runRecord";

/**
 * A published bundle (SPEC.md §12): `manifest.json` and one file per body, as a zip or as a folder
 * on a static host. A bundle is someone else's data, so everything read from it is checked here
 * before anything else sees it: fields typed, unknown ones dropped, counts and sizes capped, and
 * every path a plain relative name inside the bundle.
 */
export const BUNDLE_FORMAT = "sluice-bundle";
export const BUNDLE_VERSION = 1;
export const MANIFEST_PATH = "manifest.json";

/** How a body's file holds it: the stored bytes as they are, or structured data as clone-JSON (bodies.ts). */
export type BodyEncoding = "bytes" | "clone-json";

export interface BundleEntry {
  cacheKey: string;
  nodeName: string;
  dataVersion: string;
  codeVersion: string;
}

export interface BundleResult {
  dataVersion: string;
  format: "native" | "json" | "csv" | "parquet" | "arrow";
  kind: "table" | "value";
  encoding: BodyEncoding;
  path: string;
  bytes: number;
  /** xxhash128 of the body as the layer hands it out (its bytes, and `schema` when present). */
  checksum: string;
  groupby?: string[];
  /** CSV and JSON tables: the column kinds they were written with. */
  schema?: Record<string, string>;
}

export interface BundleFile {
  name: string;
  path: string;
  bytes: number;
  checksum: string;
  format: string;
  origin: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  name: string;
  createdAt: string;
  /** The dataflow as a workspace export holds it; checked again by the app (workspaces/sanitize.ts). */
  workspace: unknown;
  runs: RunRecord[];
  entries: BundleEntry[];
  results: BundleResult[];
  files: BundleFile[];
}

/** What a bundle may hold. A zip is read whole into memory, so its size is capped like a link's. */
export const BUNDLE_LIMITS = {
  /** The `.sluice` file itself. */
  maxBundleBytes: 1024 * 1024 * 1024,
  manifestBytes: 16 * 1024 * 1024,
  /** Every body and file, added up as the manifest declares them (checked again while unzipping). */
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRuns: 300,
  maxEntries: 100_000,
  maxResults: 100_000,
  maxFiles: 1_000,
  maxNameChars: 200,
};

const FORMATS = new Set(["native", "json", "csv", "parquet", "arrow"]);
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export function bad(why: string): SluiceError {
  return new SluiceError("BAD_OPTION", `This bundle cannot be opened: ${why}. Nothing of yours was changed.`, { option: "bundle" });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 4096): v is string => typeof v === "string" && v.length <= max;
const count = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** A path inside the bundle: relative, segments of plain characters, never `..`, never a scheme or a root. */
export function isSafePath(path: unknown): path is string {
  if (typeof path !== "string" || path.length === 0 || path.length > 512) return false;
  return path.split("/").every((segment) => SAFE_SEGMENT.test(segment) && segment !== "." && segment !== "..");
}

function list<T>(value: unknown, max: number, what: string, item: (v: unknown, i: number) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw bad(`its ${what} are not a list`);
  if (value.length > max) throw bad(`it lists ${value.length} ${what}, more than the ${max} a bundle may hold`);
  return value.map(item);
}

function entryOf(v: unknown, i: number): BundleEntry {
  if (!isRecord(v) || !str(v.cacheKey, 65536) || !str(v.nodeName, 1024) || !str(v.dataVersion, 256)) throw bad(`cache entry ${i + 1} is not an entry`);
  const codeVersion = str(v.codeVersion, 256) ? v.codeVersion : "";
  return { cacheKey: v.cacheKey, nodeName: v.nodeName, dataVersion: v.dataVersion, codeVersion };
}

function resultOf(v: unknown, i: number): BundleResult {
  if (!isRecord(v) || !str(v.dataVersion, 256) || !str(v.checksum, 128) || !count(v.bytes)) throw bad(`result ${i + 1} is not a result`);
  if (!isSafePath(v.path)) throw bad(`result ${i + 1}'s path ${JSON.stringify(String(v.path).slice(0, 80))} points outside the bundle`);
  if (!FORMATS.has(v.format as string)) throw bad(`result ${i + 1} has an unknown format`);
  const encoding = v.encoding === "clone-json" ? "clone-json" : v.encoding === "bytes" || v.encoding === undefined ? "bytes" : undefined;
  if (!encoding) throw bad(`result ${i + 1} has an unknown encoding`);
  const result: BundleResult = { dataVersion: v.dataVersion, format: v.format as BundleResult["format"], kind: v.kind === "value" ? "value" : "table", encoding, path: v.path, bytes: v.bytes, checksum: v.checksum };
  if (Array.isArray(v.groupby) && v.groupby.every((g) => str(g, 1024))) result.groupby = v.groupby as string[];
  if (isRecord(v.schema) && Object.values(v.schema).every((k) => str(k, 32))) result.schema = v.schema as Record<string, string>;
  return result;
}

function fileOf(v: unknown, i: number): BundleFile {
  if (!isRecord(v) || !str(v.name, 255) || !str(v.checksum, 128) || !count(v.bytes)) throw bad(`file ${i + 1} is not a file`);
  if (!isSafePath(v.path)) throw bad(`file ${i + 1}'s path points outside the bundle`);
  return { name: v.name, path: v.path, bytes: v.bytes, checksum: v.checksum, format: str(v.format, 16) ? v.format : "bin", origin: "published" };
}

/** A run record as far as history needs it; a record that is not one is refused, not repaired. */
function runOf(v: unknown, i: number): RunRecord {
  const ok =
    isRecord(v) && str(v.runId, 200) && typeof v.startedAt === "number" && Array.isArray(v.nodes) && Array.isArray(v.events) && Array.isArray(v.modules) &&
    v.modules.every((m) => typeof m === "string") && Array.isArray(v.outputs) && v.outputs.every((o) => typeof o === "string") &&
    v.nodes.every((n) => isRecord(n) && typeof n.name === "string" && typeof n.status === "string" && Array.isArray(n.dependencies)) &&
    v.events.every((e) => isRecord(e) && typeof e.nodeName === "string" && typeof e.actor === "string" && typeof e.eventType === "string");
  if (!ok) throw bad(`run ${i + 1} is not a run record`);
  const r = v as unknown as RunRecord;
  const status = ["succeeded", "failed", "cancelled", "interrupted"].includes(r.status) ? r.status : "interrupted";
  return {
    runId: r.runId,
    startedAt: r.startedAt,
    finishedAt: typeof r.finishedAt === "number" ? r.finishedAt : undefined,
    status,
    modules: r.modules,
    inputs: isRecord(r.inputs) ? r.inputs : {},
    overrides: Array.isArray(r.overrides) ? r.overrides.filter((o) => typeof o === "string") : [],
    outputs: r.outputs,
    options: isRecord(r.options) ? r.options : {},
    nodes: r.nodes,
    events: r.events,
    ...(r.error && isRecord(r.error) && { error: { code: String(r.error.code), message: String(r.error.message), node: typeof r.error.node === "string" ? r.error.node : undefined } }),
  };
}

/**
 * The manifest of a bundle, checked: throws BAD_OPTION saying what is wrong. Results and files
 * must each have a path of their own; the total they declare is capped.
 */
export function readManifest(raw: unknown): BundleManifest {
  if (!isRecord(raw) || raw.format !== BUNDLE_FORMAT) throw bad("it is not a Sluice bundle (its manifest has no \"format\": \"sluice-bundle\")");
  if (raw.version !== BUNDLE_VERSION) throw bad(`it is version ${JSON.stringify(raw.version)} of the bundle format; this Sluice reads version ${BUNDLE_VERSION}`);
  const L = BUNDLE_LIMITS;
  const name = str(raw.name, L.maxNameChars) && raw.name.trim() ? raw.name.trim() : "Published dataflow";
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    name,
    createdAt: str(raw.createdAt, 64) ? raw.createdAt : "",
    workspace: raw.workspace,
    runs: list(raw.runs, L.maxRuns, "runs", runOf),
    entries: list(raw.entries, L.maxEntries, "cache entries", entryOf),
    results: list(raw.results, L.maxResults, "results", resultOf),
    files: list(raw.files, L.maxFiles, "files", fileOf),
  };
  const paths = new Set<string>([MANIFEST_PATH]);
  let total = 0;
  for (const body of [...manifest.results, ...manifest.files]) {
    if (paths.has(body.path)) throw bad(`two of its bodies share the path ${body.path}`);
    paths.add(body.path);
    total += body.bytes;
  }
  if (total > L.maxTotalBytes) throw bad(`its bodies add up to ${total} bytes, more than the ${L.maxTotalBytes} a bundle may hold`);
  const versions = new Set(manifest.results.map((r) => r.dataVersion));
  if (versions.size !== manifest.results.length) throw bad("it lists a result twice");
  return manifest;
}
