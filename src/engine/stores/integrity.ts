import { createXXHash128 } from "hash-wasm";
import { SluiceError } from "../errors";
import { decodeResult } from "../formats";
import type { DataVersion } from "../types";
import { FINGERPRINT_SCHEME, fingerprint, schemeOf } from "../versioning/fingerprint";
import { ipcTableVersion, LEGACY_SCHEME } from "../versioning/fp1";
import type { StoredResult } from "./types";

/**
 * Integrity on read (issue 11): a stored result is checked every time it is read, so a flipped
 * byte (disk corruption, a misbehaving extension) is never served as a value.
 *
 * - Every result written now keeps `checksum`: xxhash128 of its body (bytes, and structured data
 *   through the type-tagged encoding of fingerprints, since structured data has no bytes of its
 *   own), made by the run's write queue, off the critical path.
 * - Native tables stored as Arrow IPC under fp1 have no checksum: their fp1 data version is
 *   xxhash128 of those very bytes (versioning/fp1.ts), so the check is one hash pass. An fp2
 *   version is hashed from the columns, not the bytes, so fp2 tables keep a checksum like the rest.
 * - Results written before checksums existed are re-verified: the decoded value must fingerprint
 *   to its data version, under the scheme that made it. A format that changes a type on the way
 *   back (parquet widening an integer) fails that check and is recomputed once, then stored with
 *   a checksum.
 */
export const CHECKSUM_SCHEME = "xxh128";

type Body = Pick<StoredResult, "bytes" | "data">;

/** One hasher for every checksum: each use runs init → update → digest with no await between. */
let shared: ReturnType<typeof createXXHash128> | undefined;

/**
 * The checksum kept beside a body; undefined for data that cannot be hashed (it is re-verified
 * instead). Structured data is hashed under fp1, whose encoding fp2 keeps for everything but
 * tables (stored data holds markers, never tables), so checksums written before fp2 still match.
 */
export async function checksumOf(body: Body): Promise<string | undefined> {
  const fp = body.data === undefined ? undefined : await fingerprint(body.data, LEGACY_SCHEME);
  if (fp?.unhashable) return undefined;
  const hasher = await (shared ??= createXXHash128());
  hasher.init();
  if (body.bytes) hasher.update(body.bytes);
  if (fp) hasher.update(fp.dataVersion);
  return `${CHECKSUM_SCHEME}_${hasher.digest("hex")}`;
}

/** A native table stored as Arrow IPC under fp1: its data version is the check. */
export function versionIsChecksum(result: Pick<StoredResult, "dataVersion" | "format" | "kind" | "bytes" | "checksum">): boolean {
  return result.checksum === undefined && result.format === "native" && result.kind === "table" && result.bytes !== undefined && schemeOf(result.dataVersion) === LEGACY_SCHEME;
}

export function corruptResult(dataVersion: DataVersion, why: string): SluiceError {
  return new SluiceError("STORAGE", `The stored result ${dataVersion} is corrupt (${why}); it was dropped and will be recomputed`, { corrupt: true });
}

export function isCorruptResult(error: unknown): boolean {
  return error instanceof SluiceError && error.details.corrupt === true;
}

/** Throws a corrupt-result error unless the stored bytes still match (the value is not decoded). */
export async function verifyBody(stored: StoredResult): Promise<"verified" | "legacy"> {
  const dv = stored.dataVersion;
  if (stored.checksum !== undefined) {
    if ((await checksumOf(stored)) !== stored.checksum) throw corruptResult(dv, "its checksum does not match");
    return "verified";
  }
  if (versionIsChecksum(stored)) {
    if ((await ipcTableVersion(stored.bytes!, stored.groupby)) !== dv) throw corruptResult(dv, "its bytes no longer hash to its data version");
    return "verified";
  }
  return "legacy";
}

/**
 * The value of a stored result, checked first; throws a corrupt-result error (STORAGE, details
 * `corrupt`) on any mismatch. Callers drop the entry: see `dropResults`.
 */
export async function decodeVerified(stored: StoredResult): Promise<unknown> {
  const dv = stored.dataVersion;
  // A published body is someone else's: a checksum they made proves only that it was not damaged
  // on the way, so its value must also fingerprint to the version it claims.
  if ((await verifyBody(stored)) === "verified" && stored.from === undefined) return decodeResult(stored);
  let value: unknown;
  try {
    value = await decodeResult(stored);
  } catch (error) {
    throw corruptResult(dv, `it no longer decodes: ${(error as Error)?.message ?? String(error)}`);
  }
  if ((await fingerprint(value, schemeOf(dv) ?? FINGERPRINT_SCHEME)).dataVersion !== dv) {
    throw corruptResult(dv, stored.from ? `its value does not match the data version ${stored.from} gave it` : "it was stored without a checksum and its value no longer matches its data version");
  }
  return value;
}

/** The result as it should be stored: with a checksum unless its data version already is one, and a last-used time. */
export async function sealed<T extends StoredResult>(result: T): Promise<T> {
  const lastUsedAt = result.lastUsedAt ?? result.createdAt;
  if (result.checksum !== undefined || versionIsChecksum(result)) return { ...result, lastUsedAt };
  const checksum = await checksumOf(result);
  return checksum === undefined ? { ...result, lastUsedAt } : { ...result, checksum, lastUsedAt };
}
