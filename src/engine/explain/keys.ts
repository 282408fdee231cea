import { decodeKey } from "../versioning/cacheKey";
import type { DecodedKey } from "../types";

// Explaining a 500-node run decodes each key a few times; decoding is base64 plus JSON.
const decoded = new Map<string, DecodedKey>();
const KEPT = 5_000;

export function decodeCached(cacheKey: string): DecodedKey {
  let found = decoded.get(cacheKey);
  if (!found) {
    found = decodeKey(cacheKey);
    if (decoded.size >= KEPT) decoded.clear();
    decoded.set(cacheKey, found);
  }
  return found;
}

/** The parameters whose data versions differ between two keys, in the newer key's order. */
export function changedParams(after: string, before: string): { name: string; before?: string; after: string }[] {
  const now = decodeCached(after).dependenciesDataVersions;
  const then = decodeCached(before).dependenciesDataVersions;
  return Object.entries(now)
    .filter(([name, version]) => then[name] !== version)
    .map(([name, version]) => ({ name, before: then[name], after: version }));
}
