import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { BUNDLE_LIMITS, MANIFEST_PATH, bad, readManifest, type BundleManifest } from "./manifest";

/** Deflate gives back at most ~1032 bytes per byte it is given; a zip declaring more is lying. */
const MAX_RATIO = 1100;

/** Bodies already compressed (Parquet) gain nothing from deflate: stored as they are. */
export function zipBundle(manifest: BundleManifest, bodies: ReadonlyMap<string, { bytes: Uint8Array; compress: boolean }>): Uint8Array {
  const files: Zippable = { [MANIFEST_PATH]: [strToU8(JSON.stringify(manifest)), { level: 6 }] };
  for (const [path, body] of bodies) files[path] = [body.bytes, { level: body.compress ? 6 : 0 }];
  // A fixed time: the same bundle zips to the same bytes.
  return zipSync(files, { mtime: new Date("2000-01-01T00:00:00Z") });
}

export interface OpenedZip {
  manifest: BundleManifest;
  bodies: Map<string, Uint8Array>;
}

/** An entry's declared size, checked before anything is inflated: no allocation a zip only claims. */
function checkDeclared(file: { name: string; size: number; originalSize: number; compression: number }, limit: number): void {
  if (file.originalSize > limit) throw bad(`${file.name} unpacks to ${file.originalSize} bytes, more than the bundle allows`);
  if (file.compression === 0 && file.originalSize !== file.size) throw bad(`${file.name} declares a size its bytes do not have`);
  if (file.originalSize > file.size * MAX_RATIO + 1024) throw bad(`${file.name} claims to unpack far beyond what deflate can (a zip bomb)`);
}

function unzip(bytes: Uint8Array, filter: Parameters<typeof unzipSync>[1]): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, filter);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("This bundle")) throw error;
    throw bad(`it is not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Reads a `.sluice` file: the manifest first (checked, readManifest), then only the bodies it
 * names, each declared size checked before it is inflated and its length after. A body the
 * manifest names that the zip lacks refuses the whole bundle; entries it does not name are never
 * inflated. Checksums are checked later, as each body is read (layer.ts).
 */
export function unzipBundle(bytes: Uint8Array): OpenedZip {
  if (bytes.byteLength > BUNDLE_LIMITS.maxBundleBytes) throw bad(`it is ${bytes.byteLength} bytes, more than the ${BUNDLE_LIMITS.maxBundleBytes} a bundle may be`);
  const head = unzip(bytes, {
    filter: (file) => {
      if (file.name !== MANIFEST_PATH) return false;
      checkDeclared(file, BUNDLE_LIMITS.manifestBytes);
      return true;
    },
  });
  const raw = head[MANIFEST_PATH];
  if (!raw) throw bad("it has no manifest.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(raw));
  } catch {
    throw bad("its manifest.json is not valid JSON");
  }
  const manifest = readManifest(parsed);
  const declared = new Map<string, number>();
  for (const body of [...manifest.results, ...manifest.files]) declared.set(body.path, body.bytes);
  let total = 0;
  const bodies = unzip(bytes, {
    filter: (file) => {
      const size = declared.get(file.name);
      if (size === undefined) return false;
      if (file.originalSize !== size) throw bad(`${file.name} is ${file.originalSize} bytes in the zip, but the manifest says ${size}`);
      checkDeclared(file, BUNDLE_LIMITS.maxTotalBytes);
      total += file.originalSize;
      if (total > BUNDLE_LIMITS.maxTotalBytes) throw bad("its bodies unpack past the size a bundle may hold");
      return true;
    },
  });
  const missing = [...declared.keys()].filter((path) => !(path in bodies));
  if (missing.length > 0) throw bad(`its manifest names ${missing.length} bod${missing.length > 1 ? "ies" : "y"} the bundle does not hold (${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""})`);
  for (const [path, size] of declared) if (bodies[path].byteLength !== size) throw bad(`${path} unpacks to ${bodies[path].byteLength} bytes, not the ${size} declared`);
  return { manifest, bodies: new Map(Object.entries(bodies)) };
}
