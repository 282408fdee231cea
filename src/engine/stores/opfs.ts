/**
 * Large bodies in the origin private file system (issue 13): a 500 MB upload or a 100 MB result
 * is written to a file through a `FileSystemSyncAccessHandle` (dedicated workers have one), while
 * its header stays in IndexedDB. IndexedDB would structured-clone the whole body in memory; a
 * file is written chunk by chunk and read back with one allocation.
 *
 * Every write goes to a new, uniquely named file that is flushed and closed before the caller
 * commits a header naming it, so a header never points at a partial body: a crash mid-write
 * leaves an orphan file at worst, which `sweep` removes later.
 */

/** Bodies at least this large go to OPFS where it exists; smaller ones stay in IndexedDB. */
export const OPFS_MIN_BYTES = 1 << 20;

/** Orphans younger than this are left alone: another tab may be about to commit their header. */
const ORPHAN_AGE_MS = 10 * 60_000;

export interface BodyStore {
  /**
   * Writes chunks to a new body and returns its name once every byte is flushed to disk.
   * `onWritten` is told the running total after each chunk.
   */
  write(prefix: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, onWritten?: (bytes: number) => void): Promise<string>;
  /** A body's bytes, or undefined when there is no such body. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Removes bodies; names that are already gone are ignored. */
  delete(names: readonly string[]): Promise<void>;
  /** Removes the bodies starting with `prefix` that `keep` does not name and that are old enough to be orphans. */
  sweep(prefix: string, keep: ReadonlySet<string>, now?: number): Promise<string[]>;
  /** Removes every body starting with `prefix`. */
  clear(prefix: string): Promise<void>;
}

/** What is used of a sync access handle (typed here: the page's DOM lib does not declare it). */
interface SyncAccess {
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}
type SyncHandleFile = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccess> };

/** The origin's storage manager, where this realm has one (the engine stays free of DOM globals). */
const storageManager = () => (globalThis as { navigator?: { storage?: Partial<StorageManager> } }).navigator?.storage;

/** Whether this realm can write OPFS files synchronously (a dedicated worker in a browser that has OPFS). */
export function opfsAvailable(): boolean {
  return (
    typeof (globalThis as { FileSystemSyncAccessHandle?: unknown }).FileSystemSyncAccessHandle === "function" &&
    typeof storageManager()?.getDirectory === "function"
  );
}

const isNotFound = (error: unknown) => (error as { name?: string })?.name === "NotFoundError";

/** The body store under OPFS `sluice/<scope>/`, shared by the tabs of an origin. */
function opfsBodyStore(scope: string): BodyStore {
  let folder: Promise<FileSystemDirectoryHandle> | undefined;
  const dir = () =>
    (folder ??= storageManager()!
      .getDirectory!()
      .then((root) => root.getDirectoryHandle("sluice", { create: true }))
      .then((sluice) => sluice.getDirectoryHandle(encodeURIComponent(scope), { create: true })));

  async function entries(prefix: string): Promise<FileSystemFileHandle[]> {
    const found: FileSystemFileHandle[] = [];
    // Directory iteration is in the DOM's async-iterable lib, which the engine's config leaves out.
    const listing = (await dir()) as unknown as { values(): AsyncIterable<FileSystemHandle> };
    for await (const handle of listing.values()) {
      if (handle.kind === "file" && handle.name.startsWith(prefix)) found.push(handle as FileSystemFileHandle);
    }
    return found;
  }

  return {
    async write(prefix, chunks, onWritten) {
      const folder = await dir();
      const name = `${prefix}${crypto.randomUUID()}`;
      const handle = (await folder.getFileHandle(name, { create: true })) as SyncHandleFile;
      const access = await handle.createSyncAccessHandle();
      try {
        let at = 0;
        for await (const chunk of chunks) {
          // A sync write may write less than asked (a full disk throws instead, QuotaExceededError).
          for (let done = 0; done < chunk.byteLength; ) done += access.write(chunk.subarray(done), { at: at + done });
          at += chunk.byteLength;
          onWritten?.(at);
        }
        access.truncate(at);
        access.flush();
      } catch (error) {
        access.close();
        await folder.removeEntry(name).catch(() => undefined);
        throw error;
      }
      access.close();
      return name;
    },
    async read(name) {
      try {
        const file = await (await (await dir()).getFileHandle(name)).getFile();
        return new Uint8Array(await file.arrayBuffer());
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async delete(names) {
      const folder = await dir();
      await Promise.all(names.map((name) => folder.removeEntry(name).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)))));
    },
    async sweep(prefix, keep, now = Date.now()) {
      const doomed: string[] = [];
      for (const handle of await entries(prefix)) {
        if (keep.has(handle.name)) continue;
        const file = await handle.getFile().catch(() => undefined);
        // A file still open for writing cannot be read: it is somebody's write in progress.
        if (file && now - file.lastModified >= ORPHAN_AGE_MS) doomed.push(handle.name);
      }
      await this.delete(doomed);
      return doomed;
    },
    async clear(prefix) {
      await this.delete((await entries(prefix)).map((handle) => handle.name));
    },
  };
}

/**
 * Bodies kept in a Map: the same contract without a file system, for tests of the stores that
 * put bodies aside (ordering, deletion, orphans) in Node.
 */
export function memoryBodyStore(): BodyStore & { files: Map<string, { bytes: Uint8Array; at: number }> } {
  const files = new Map<string, { bytes: Uint8Array; at: number }>();
  let next = 0;
  return {
    files,
    async write(prefix, chunks, onWritten) {
      const parts: Uint8Array[] = [];
      let at = 0;
      for await (const chunk of chunks) {
        parts.push(chunk.slice());
        at += chunk.byteLength;
        onWritten?.(at);
      }
      const bytes = new Uint8Array(at);
      let offset = 0;
      for (const part of parts) bytes.set(part, (offset += part.byteLength) - part.byteLength);
      const name = `${prefix}${++next}`;
      files.set(name, { bytes, at: Date.now() });
      return name;
    },
    read: async (name) => files.get(name)?.bytes.slice(),
    async delete(names) {
      for (const name of names) files.delete(name);
    },
    async sweep(prefix, keep, now = Date.now()) {
      const doomed = [...files].filter(([name, f]) => name.startsWith(prefix) && !keep.has(name) && now - f.at >= ORPHAN_AGE_MS).map(([name]) => name);
      await this.delete(doomed);
      return doomed;
    },
    async clear(prefix) {
      await this.delete([...files.keys()].filter((name) => name.startsWith(prefix)));
    },
  };
}

/** The OPFS body store for a cache, or undefined where this realm has no synchronous OPFS. */
export function openBodyStore(scope: string): BodyStore | undefined {
  return opfsAvailable() ? opfsBodyStore(scope) : undefined;
}
