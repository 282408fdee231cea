import type { SluiceDatabase } from "../stores/database";
import { createFileArea } from "./area";
import type { FileArea, FileBackend, StoredFile } from "./types";

/**
 * The file area in the cache's IndexedDB database (its `files` table), so files survive a
 * reload and are cleared with the cache.
 * @example const files = createDexieFileArea(openDatabase("sluice_cache"));
 */
export function createDexieFileArea(db: SluiceDatabase): FileArea {
  const backend: FileBackend = {
    get: async (name) => {
      const [header, body] = await Promise.all([db.files.get(name), db.fileBodies.get(name)]);
      return header && body ? ({ ...header, bytes: body.bytes } as StoredFile) : undefined;
    },
    put: async ({ bytes, ...header }) => {
      // Header and bytes commit together, so a listed file can always be read.
      await db.transaction("rw", db.files, db.fileBodies, async () => {
        await db.fileBodies.put({ name: header.name, bytes });
        await db.files.put(header);
      });
    },
    headers: async () => (await db.files.toArray()).map(({ schema: _schema, ...header }: Omit<StoredFile, "bytes">) => header),
    delete: (name) => db.transaction("rw", db.files, db.fileBodies, async () => {
      await db.files.delete(name);
      await db.fileBodies.delete(name);
    }),
    clear: () => db.transaction("rw", db.files, db.fileBodies, async () => {
      await db.files.clear();
      await db.fileBodies.clear();
    }),
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
