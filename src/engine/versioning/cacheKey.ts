import { SluiceError } from "../errors";
import type { CacheKey, CodeVersion, DataVersion, DecodedKey } from "../types";

const PREFIX = "ck1.";

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * A cache key: node name, code version and every dependency's data version, sorted by name,
 * so the same inputs always give the same key whatever order they were gathered in.
 * @example decodeKey(makeCacheKey("raw_data", cv, {})).nodeName === "raw_data"
 */
export function makeCacheKey(
  nodeName: string,
  codeVersion: CodeVersion,
  dependenciesDataVersions: Record<string, DataVersion>,
): CacheKey {
  const deps = Object.keys(dependenciesDataVersions)
    .sort()
    .map((name) => [name, dependenciesDataVersions[name]]);
  return (PREFIX + toBase64Url(JSON.stringify([nodeName, codeVersion, deps]))) as CacheKey;
}

/** The inverse of `decodeKey`: `encodeKey(decodeKey(key)) === key`. */
export function encodeKey(decoded: DecodedKey): CacheKey {
  return makeCacheKey(decoded.nodeName, decoded.codeVersion, decoded.dependenciesDataVersions);
}

/** The parts a cache key was made from. Round-trips with `makeCacheKey`. */
export function decodeKey(cacheKey: string): DecodedKey {
  try {
    if (!cacheKey.startsWith(PREFIX)) throw new Error("not a Sluice cache key");
    const [nodeName, codeVersion, deps] = JSON.parse(fromBase64Url(cacheKey.slice(PREFIX.length))) as [
      string,
      CodeVersion,
      [string, DataVersion][],
    ];
    return { nodeName, codeVersion, dependenciesDataVersions: Object.fromEntries(deps) };
  } catch (error) {
    throw new SluiceError("BAD_OPTION", `Not a cache key: ${cacheKey.slice(0, 40)}`, { option: "cacheKey", cause: error });
  }
}
