import { createXXHash128 } from "hash-wasm";
import { SluiceError } from "../errors";
import type { SluiceDatabase } from "../stores/database";
import { OPFS_MIN_BYTES, type BodyStore } from "../stores/opfs";
import { createFileArea } from "./area";
import type { FileArea, FileBackend, StoredFile } from "./types";

/** File bodies in OPFS: `f-` and a random id (names may hold any character). */
const FILE_PREFIX = "f-";

async function xxh128(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  const hasher = await createXXHash128();
  hasher.init();
  for await (const chunk of chunks) hasher.update(chunk);
  return `xxh128_${hasher.digest("hex")}`;
}

/** Hashes the chunks as they pass, for a body written from a stream. */
async function* hashing(chunks: AsyncIterable<Uint8Array>, done: (checksum: string) => void): AsyncGenerator<Uint8Array> {
  const hasher = await createXXHash128();
  hasher.init();
  for await (const chunk of chunks) {
    hasher.update(chunk);
    yield chunk;
  }
  done(`xxh128_${hasher.digest("hex")}`);
}

/**
 * The file area in the cache's IndexedDB database (its `files` table), so files survive a
 * reload and are cleared with the cache. Given an OPFS body store, large bodies live there
 * (written and flushed before the header naming them commits) and uploads stream into it.
 * @example const files = createDexieFileArea(openDatabase("sluice_cache"));
 */
export function createDexieFileArea(db: SluiceDatabase, bodies?: BodyStore): FileArea {
  type Header = Omit<StoredFile, "bytes">;
  let swept = false;
  /** Commits a header whose body is already on disk in OPFS; the body it replaces goes after. */
  const commitAside = async (header: Header): Promise<void> => {
    let replaced: string | undefined;
    try {
      await db.transaction("rw", db.files, db.fileBodies, async () => {
        replaced = (await db.files.get(header.name))?.body;
        await db.fileBodies.delete(header.name);
        await db.files.put(header);
      });
    } catch (error) {
      await bodies?.delete([header.body!]).catch(() => undefined);
      throw error;
    }
    if (replaced !== undefined && replaced !== header.body) await bodies?.delete([replaced]).catch(() => undefined);
  };
  const backend: FileBackend = {
    get: async (name) => {
      const [header, body] = await Promise.all([db.files.get(name), db.fileBodies.get(name)]);
      if (header?.body !== undefined) {
        const bytes = await bodies?.read(header.body);
        if (!bytes) return undefined;
        if (header.checksum !== undefined && (await xxh128([bytes])) !== header.checksum) {
          throw new SluiceError("STORAGE", `The stored file \`${name}\` is corrupt (its checksum does not match); upload or write it again`, { corrupt: true });
        }
        return { ...header, bytes } as StoredFile;
      }
      return header && body ? ({ ...header, bytes: body.bytes } as StoredFile) : undefined;
    },
    put: async ({ bytes, body: _body, checksum: _checksum, ...header }) => {
      if (bodies && bytes.byteLength >= OPFS_MIN_BYTES) {
        const checksum = await xxh128([bytes]);
        return commitAside({ ...header, body: await bodies.write(FILE_PREFIX, [bytes]), checksum });
      }
      // Header and bytes commit together, so a listed file can always be read.
      let replaced: string | undefined;
      await db.transaction("rw", db.files, db.fileBodies, async () => {
        replaced = (await db.files.get(header.name))?.body;
        await db.fileBodies.put({ name: header.name, bytes });
        await db.files.put(header);
      });
      if (replaced !== undefined) await bodies?.delete([replaced]).catch(() => undefined);
    },
    putStream: bodies
      ? async (header, chunks, onWritten) => {
          let checksum = "";
          const body = await bodies.write(FILE_PREFIX, hashing(chunks, (sum) => (checksum = sum)), onWritten);
          await commitAside({ ...header, body, checksum });
          // Once per session, after an upload: bodies of uploads a crash cut short go.
          if (!swept) void backend.sweep?.().catch(() => undefined);
          swept = true;
        }
      : undefined,
    headers: async () =>
      (await db.files.toArray()).map(({ schema: _schema, body: _body, checksum: _checksum, ...header }: Omit<StoredFile, "bytes">) => header),
    delete: async (name) => {
      const header = await db.transaction("rw", db.files, db.fileBodies, async () => {
        const header = await db.files.get(name);
        await db.files.delete(name);
        await db.fileBodies.delete(name);
        return header;
      });
      if (header?.body !== undefined) await bodies?.delete([header.body]);
    },
    clear: async () => {
      await db.transaction("rw", db.files, db.fileBodies, async () => {
        await db.files.clear();
        await db.fileBodies.clear();
      });
      await bodies?.clear(FILE_PREFIX);
    },
    sweep: bodies
      ? async (now) => {
          const named = new Set((await db.files.toArray()).flatMap((h) => (h.body === undefined ? [] : [h.body])));
          return bodies.sweep(FILE_PREFIX, named, now);
        }
      : undefined,
  };
  return createFileArea(backend);
}

/**
 * The file area for a memory cache (tests, private tabs). Records are copied in and out, as
 * IndexedDB's structured clone would, so no caller can change a stored file by mutating bytes.
 * @example const files = createMemoryFileArea();
 */
export function createMemoryFileArea(): FileArea {
  const files = new Map<string, StoredFile>();
  const backend: FileBackend = {
    get: async (name) => {
      const file = files.get(name);
      return file && structuredClone(file);
    },
    put: async (file) => {
      files.set(file.name, structuredClone(file));
    },
    headers: async () => [...files.values()].map(({ bytes: _bytes, schema: _schema, ...header }) => header),
    delete: async (name) => {
      files.delete(name);
    },
    clear: async () => {
      files.clear();
    },
  };
  return createFileArea(backend);
}
