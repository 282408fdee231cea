import { SluiceError } from "../../errors";
import { checksumOf } from "../integrity";
import type { RunRecord } from "../runRecord";
import type { StoredResult } from "../types";
import { storedFromBody } from "./bodies";
import { bad, BUNDLE_LIMITS, MANIFEST_PATH, readManifest, type BundleEntry, type BundleFile, type BundleManifest, type BundleResult } from "./manifest";
import { fetchBytes, httpSource, indexedDbBodyCache, memorySource, type BodyCache, type BodySource, type Fetcher } from "./sources";
import { unzipBundle } from "./zip";

/**
 * A published cache: read-only, under a driver's own cache (stores/layered.ts). It answers "who
 * has this key" from its manifest and hands out bodies it fetched or unzipped, marked as its own
 * (`from`), so they are verified as someone else's data wherever they are decoded.
 */
export interface PublishedLayer {
  /** `published:<slug>`: what its hits log and explanations name. */
  readonly source: string;
  readonly slug: string;
  readonly manifest: BundleManifest;
  /** The published runs, each marked with `from` (the history shows them as published). */
  readonly runs: RunRecord[];
  entry(cacheKey: string): BundleEntry | undefined;
  entriesFor(nodeNames: readonly string[]): BundleEntry[];
  /** A result's header; undefined when the layer has none or one found damaged. */
  result(dataVersion: string): BundleResult | undefined;
  getStored(dataVersion: string): Promise<StoredResult | undefined>;
  /** A body found damaged is never claimed again (and not kept in the body cache). */
  reject(dataVersions: readonly string[]): void;
  file(name: string): BundleFile | undefined;
  /** A published file's bytes, checked against the manifest; throws when they do not match. */
  readFile(name: string): Promise<Uint8Array | undefined>;
  fetched(): { bodies: number; bytes: number };
}

export interface OpenOptions {
  /** The name hits are logged under (default: from the manifest's name, or the folder's). */
  slug?: string;
  /** Where bodies fetched from a host are kept (default: IndexedDB `sluice_published`). */
  cache?: BodyCache;
  fetch?: Fetcher;
}

export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "bundle";
}

function createLayer(manifest: BundleManifest, slug: string, bodies: BodySource): PublishedLayer {
  const source = `published:${slug}`;
  const byKey = new Map(manifest.entries.map((e) => [e.cacheKey, e]));
  const results = new Map(manifest.results.map((r) => [r.dataVersion, r]));
  const files = new Map(manifest.files.map((f) => [f.name, f]));
  const rejected = new Set<string>();
  const runs = manifest.runs.map((run) => ({ ...run, from: source }));
  return {
    source,
    slug,
    manifest,
    runs,
    entry: (cacheKey) => byKey.get(cacheKey),
    entriesFor(nodeNames) {
      const wanted = new Set(nodeNames);
      return manifest.entries.filter((e) => wanted.has(e.nodeName));
    },
    result: (dataVersion) => (rejected.has(dataVersion) ? undefined : results.get(dataVersion)),
    async getStored(dataVersion) {
      const result = rejected.has(dataVersion) ? undefined : results.get(dataVersion);
      if (!result) return undefined;
      return storedFromBody(result, await bodies.read(result.path), source);
    },
    reject(dataVersions) {
      for (const dv of dataVersions) {
        const result = results.get(dv);
        if (!result) continue;
        rejected.add(dv);
        void bodies.forget(result.path);
      }
    },
    file: (name) => files.get(name),
    async readFile(name) {
      const file = files.get(name);
      if (!file) return undefined;
      const bytes = await bodies.read(file.path);
      if ((await checksumOf({ bytes })) !== file.checksum) {
        void bodies.forget(file.path);
        throw new SluiceError("STORAGE", `The published file \`${name}\` is damaged: its bytes do not match the bundle's checksum, so it was not read`);
      }
      return bytes;
    },
    fetched: () => bodies.fetched(),
  };
}

/** The manifest of a published folder: from the host when it answers, else the copy kept last time. */
async function folderManifest(base: string, namespace: string, cache: BodyCache, fetcher: Fetcher): Promise<BundleManifest> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await fetchBytes(fetcher, new URL(MANIFEST_PATH, base).href, BUNDLE_LIMITS.manifestBytes);
    await cache.put(namespace, MANIFEST_PATH, bytes).catch(() => undefined);
  } catch (error) {
    bytes = await cache.get(namespace, MANIFEST_PATH).catch(() => undefined);
    if (!bytes) throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw bad("its manifest.json is not valid JSON");
  }
  return readManifest(parsed);
}

/**
 * Opens a published cache: a `.sluice` bundle's bytes (checked whole, zip.ts) or the URL of a
 * folder a static host serves (its manifest fetched now, each body when read).
 * @example const layer = await openPublished("https://host/app/published/demo/");
 * const dr = await new Builder().withModules(source).withCache({ layers: [layer] }).build();
 */
export async function openPublished(input: Uint8Array | string, options: OpenOptions = {}): Promise<PublishedLayer> {
  if (typeof input !== "string") {
    const { manifest, bodies } = unzipBundle(input);
    return createLayer(manifest, options.slug ?? slugOf(manifest.name), memorySource(bodies));
  }
  const base = input.endsWith("/") ? input : `${input}/`;
  const slug = options.slug ?? slugOf(new URL(base).pathname.split("/").filter(Boolean).pop() ?? "bundle");
  const cache = options.cache ?? indexedDbBodyCache();
  const fetcher = options.fetch ?? ((url: string) => fetch(url));
  const namespace = new URL(base).href;
  const manifest = await folderManifest(base, namespace, cache, fetcher);
  const sizes = new Map([...manifest.results, ...manifest.files].map((b) => [b.path, b.bytes]));
  return createLayer(manifest, slug, httpSource(base, namespace, sizes, cache, fetcher));
}
