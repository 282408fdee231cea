import Dexie, { type Table } from "dexie";
import { SluiceError } from "../../errors";

/** Where a layer's bodies come from, by path inside the bundle. */
export interface BodySource {
  read(path: string): Promise<Uint8Array>;
  /** A body found damaged: not kept, so a later read fetches it again. */
  forget(path: string): Promise<void>;
  /** What was fetched from the network so far (a bundle in memory fetches nothing). */
  fetched(): { bodies: number; bytes: number };
}

export function memorySource(bodies: ReadonlyMap<string, Uint8Array>): BodySource {
  return {
    async read(path) {
      const bytes = bodies.get(path);
      if (!bytes) throw new SluiceError("STORAGE", `The bundle holds no ${path}`);
      return bytes;
    },
    forget: async () => undefined,
    fetched: () => ({ bodies: 0, bytes: 0 }),
  };
}

/** Bytes fetched from a published folder, kept by the browser under the folder's own name. */
export interface BodyCache {
  get(namespace: string, path: string): Promise<Uint8Array | undefined>;
  put(namespace: string, path: string, bytes: Uint8Array): Promise<void>;
  delete(namespace: string, path: string): Promise<void>;
}

class PublishedDatabase extends Dexie {
  bodies!: Table<{ namespace: string; path: string; bytes: Uint8Array }, [string, string]>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ bodies: "[namespace+path]" });
  }
}

/**
 * The default body cache: an IndexedDB database of its own (not the cache's: nothing published
 * ever enters the visitor's stores), so a second visit fetches nothing and works offline. Cache
 * Storage would do too, but it is missing on plain-http hosts, where IndexedDB is not.
 */
export function indexedDbBodyCache(name = "sluice_published"): BodyCache {
  let db: PublishedDatabase | undefined;
  const open = () => (db ??= new PublishedDatabase(name));
  return {
    get: async (namespace, path) => (await open().bodies.get([namespace, path]))?.bytes,
    put: async (namespace, path, bytes) => void (await open().bodies.put({ namespace, path, bytes })),
    delete: (namespace, path) => open().bodies.delete([namespace, path]),
  };
}

export function memoryBodyCache(): BodyCache {
  const kept = new Map<string, Uint8Array>();
  return {
    get: async (ns, path) => kept.get(`${ns}\u0000${path}`),
    put: async (ns, path, bytes) => void kept.set(`${ns}\u0000${path}`, bytes),
    delete: async (ns, path) => void kept.delete(`${ns}\u0000${path}`),
  };
}

export type Fetcher = (url: string) => Promise<Response>;

/** A body as the host served it; a body larger than declared is refused while it streams in. */
export async function fetchBytes(fetcher: Fetcher, url: string, maxBytes: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new SluiceError("STORAGE", `Could not fetch ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new SluiceError("STORAGE", `Could not fetch ${url}: the host answered ${response.status}`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel();
      throw new SluiceError("STORAGE", `${url} is larger than its manifest says (over ${maxBytes} bytes)`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Bodies of a folder on a static host, each fetched alone by its path only when read, then kept
 * in `cache` under `namespace`: bodies have immutable names, so a kept one is never fetched again.
 */
export function httpSource(base: string, namespace: string, sizes: ReadonlyMap<string, number>, cache: BodyCache, fetcher: Fetcher): BodySource {
  let bodies = 0;
  let bytes = 0;
  const reading = new Map<string, Promise<Uint8Array>>();
  const load = async (path: string): Promise<Uint8Array> => {
    const kept = await cache.get(namespace, path).catch(() => undefined);
    if (kept) return kept;
    const body = await fetchBytes(fetcher, new URL(path, base).href, sizes.get(path) ?? 0);
    bodies += 1;
    bytes += body.byteLength;
    // Kept in the background: the reader need not wait for a write of megabytes. IndexedDB
    // copies the bytes when the write is made, and nothing changes them after.
    void cache.put(namespace, path, body).catch(() => undefined);
    return body;
  };
  return {
    read(path) {
      let pending = reading.get(path);
      if (!pending) {
        pending = load(path).finally(() => reading.delete(path));
        reading.set(path, pending);
      }
      return pending;
    },
    forget: (path) => cache.delete(namespace, path).catch(() => undefined),
    fetched: () => ({ bodies, bytes }),
  };
}
