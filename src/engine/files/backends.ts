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
    get: (name) => db.files.get(name),
    put: async (file) => {
      await db.files.put(file);
    },
    // Reads bytes too: the `files` table has no header/body split (see docs/formats.md).
    headers: async () => (await db.files.toArray()).map(({ bytes: _bytes, schema: _schema, ...header }: StoredFile) => header),
    delete: (name) => db.files.delete(name),
    clear: () => db.files.clear(),
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
