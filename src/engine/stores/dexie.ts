import { SluiceError } from "../errors";
import { decodeVerified, isCorruptResult, sealed } from "./integrity";
import { storage } from "./storageError";
import { OPFS_MIN_BYTES, type BodyStore } from "./opfs";
import type { CacheKey, DataVersion, StorageFormat } from "../types";
import type { ResultHeader, SluiceDatabase, StoredRun } from "./database";
import type { RunHead, RunRecord } from "./runRecord";
import type { MetadataEntry, MetadataStore, ResultStore, RunLog, StoredResult } from "./types";

export class DexieMetadataStore implements MetadataStore {
  constructor(private readonly db: SluiceDatabase) {}
  async get(cacheKey: CacheKey): Promise<DataVersion | undefined> {
    return (await this.getEntry(cacheKey))?.dataVersion;
  }
  getEntry(cacheKey: CacheKey): Promise<MetadataEntry | undefined> {
    return storage("read cache metadata", () => this.db.metadata.get(cacheKey));
  }
  async getMany(cacheKeys: readonly CacheKey[]): Promise<(DataVersion | undefined)[]> {
    const entries = await storage("read cache metadata", () => this.db.metadata.bulkGet([...cacheKeys]));
    return entries.map((entry) => entry?.dataVersion);
  }
  async set(entry: MetadataEntry): Promise<void> {
    await storage("write cache metadata", () => this.db.metadata.put(entry));
  }
  entriesFor(nodeNames: readonly string[]): Promise<MetadataEntry[]> {
    return storage("read cache metadata", () => this.db.metadata.where("nodeName").anyOf([...nodeNames]).toArray());
  }
  async setMany(entries: readonly MetadataEntry[]): Promise<void> {
    await storage("write cache metadata", () => this.db.metadata.bulkPut([...entries]));
  }
  entries(): Promise<MetadataEntry[]> {
    return storage("list cache metadata", () => this.db.metadata.toArray());
  }
  entriesForVersions(dataVersions: readonly DataVersion[]): Promise<MetadataEntry[]> {
    return storage("read cache metadata", () => this.db.metadata.where("dataVersion").anyOf([...dataVersions]).toArray());
  }
  async deleteForVersions(dataVersions: readonly DataVersion[]): Promise<void> {
    await storage("delete cache metadata", () => this.db.metadata.where("dataVersion").anyOf([...dataVersions]).delete());
  }
  deleteAll(): Promise<void> {
    return storage("clear cache metadata", () => this.db.metadata.clear());
  }
}

/** Result bodies in OPFS are named after their data version, so a listing tells whose they are. */
const RESULT_PREFIX = "r-";

/**
 * Headers and bodies live apart, so `has` and `list` never read a result's bytes. Given an OPFS
 * body store, bodies of at least `OPFS_MIN_BYTES` are written there (flushed before their header
 * commits) and their header names the file (`body`); smaller ones stay in the `bodies` table.
 */
export class DexieResultStore implements ResultStore {
  private swept = false;
  constructor(
    private readonly db: SluiceDatabase,
    private readonly files?: BodyStore,
  ) {}
  async get(dataVersion: DataVersion): Promise<unknown> {
    const stored = await this.getStored(dataVersion);
    if (!stored) throw new SluiceError("STORAGE", `No stored result for data version ${dataVersion}`);
    try {
      return await decodeVerified(stored);
    } catch (error) {
      // A corrupt result is worth nothing: drop it so nobody reads it again.
      if (isCorruptResult(error)) await this.delete([dataVersion]);
      throw error;
    }
  }
  getStored(dataVersion: DataVersion): Promise<StoredResult | undefined> {
    return storage("read a result", async () => {
      // One transaction for both: each costs an IndexedDB round trip, slow on a busy machine.
      const [header, body] = await this.db.transaction("r", this.db.results, this.db.bodies, () =>
        Promise.all([this.db.results.get(dataVersion), this.db.bodies.get(dataVersion)]),
      );
      if (header?.body !== undefined) {
        // A body gone from OPFS (the site's files cleared) is a missing result: it is recomputed.
        const bytes = await this.files?.read(header.body);
        return bytes && { ...header, bytes };
      }
      return header && body ? { ...header, bytes: body.bytes, data: body.data } : undefined;
    });
  }
  async has(dataVersion: DataVersion, format?: StorageFormat): Promise<boolean> {
    if (format === undefined) return (await this.hasMany([dataVersion]))[0];
    const header = await storage("look up a result", () => this.db.results.get(dataVersion));
    return header?.format === format;
  }
  async hasMany(dataVersions: readonly DataVersion[]): Promise<boolean[]> {
    const found = await storage("look up results", () => this.db.results.where(":id").anyOf([...dataVersions]).primaryKeys());
    const present = new Set<string>(found);
    return dataVersions.map((dv) => present.has(dv));
  }
  set(result: StoredResult): Promise<void> {
    return this.setMany([result]);
  }
  async formats(dataVersions: readonly DataVersion[]): Promise<(StorageFormat | undefined)[]> {
    return (await this.headers(dataVersions)).map((header) => header?.format);
  }
  headers(dataVersions: readonly DataVersion[]): Promise<(ResultHeader | undefined)[]> {
    return storage("look up results", () => this.db.results.bulkGet([...dataVersions]));
  }
  /** Large bodies to OPFS, each flushed to disk; returns the file of each data version written there. */
  private async writeAside(results: readonly StoredResult[]): Promise<Map<string, string>> {
    const written = new Map<string, string>();
    const files = this.files;
    if (!files) return written;
    try {
      for (const { dataVersion, bytes } of results) {
        if (!bytes || bytes.byteLength < OPFS_MIN_BYTES) continue;
        written.set(dataVersion, await files.write(`${RESULT_PREFIX}${dataVersion}-`, [bytes]));
      }
    } catch (error) {
      await files.delete([...written.values()]).catch(() => undefined);
      throw error;
    }
    return written;
  }
  async setMany(unsealed: readonly StoredResult[]): Promise<void> {
    const results = await Promise.all(unsealed.map(sealed));
    // Bodies first, flushed: a header is committed only once the body it names is whole on disk.
    const aside = await storage("store a result", () => this.writeAside(results));
    const bodies = results.filter((r) => !aside.has(r.dataVersion)).map(({ dataVersion, bytes, data }) => ({ dataVersion, bytes, data }));
    const headers = results.map(({ bytes: _b, data: _d, body: _old, ...header }): ResultHeader => {
      const body = aside.get(header.dataVersion);
      return body === undefined ? header : { ...header, body };
    });
    const replaced: string[] = [];
    try {
      // Headers and bodies commit together: a result is either wholly there or not at all.
      await storage("store a result", () =>
        this.db.transaction("rw", this.db.results, this.db.bodies, async () => {
          if (this.files) {
            const before = await this.db.results.bulkGet(headers.map((h) => h.dataVersion));
            replaced.push(...before.flatMap((h) => (h?.body === undefined ? [] : [h.body])));
          }
          await this.db.bodies.bulkPut(bodies);
          if (aside.size > 0) await this.db.bodies.bulkDelete([...aside.keys()]);
          await this.db.results.bulkPut(headers);
        }),
      );
    } catch (error) {
      // Nothing names the new files: remove them now rather than leave them to the sweep.
      await this.files?.delete([...aside.values()]).catch(() => undefined);
      throw error;
    }
    // The bodies the new headers replaced are no longer named by anything.
    const kept = new Set(aside.values());
    await this.files?.delete(replaced.filter((name) => !kept.has(name))).catch(() => undefined);
    if (aside.size > 0 && !this.swept) {
      this.swept = true;
      void this.sweep().catch(() => undefined);
    }
  }
  /** Removes OPFS bodies no header names (a crash between a body's write and its header's commit). */
  async sweep(now = Date.now()): Promise<string[]> {
    if (!this.files) return [];
    const named = new Set((await this.db.results.toArray()).flatMap((h) => (h.body === undefined ? [] : [h.body])));
    return this.files.sweep(RESULT_PREFIX, named, now);
  }
  list(): Promise<Omit<StoredResult, "bytes" | "data">[]> {
    return storage("list results", () => this.db.results.toArray());
  }
  async touch(dataVersions: readonly DataVersion[], at: number): Promise<void> {
    await storage("mark results used", () => this.db.results.where(":id").anyOf([...dataVersions]).modify({ lastUsedAt: at }));
  }
  async setPinned(dataVersions: readonly DataVersion[], pinned: boolean): Promise<void> {
    await storage("pin results", () => this.db.results.where(":id").anyOf([...dataVersions]).modify({ pinned }));
  }
  async delete(dataVersions: readonly DataVersion[]): Promise<void> {
    const files = await storage("delete results", () =>
      this.db.transaction("rw", this.db.results, this.db.bodies, async () => {
        const doomed = this.files ? await this.db.results.bulkGet([...dataVersions]) : [];
        await this.db.results.bulkDelete([...dataVersions]);
        await this.db.bodies.bulkDelete([...dataVersions]);
        return doomed.flatMap((h) => (h?.body === undefined ? [] : [h.body]));
      }),
    );
    // Headers go first: a body without a header is an orphan, never a header without its body.
    await storage("delete results", async () => this.files?.delete(files));
  }
  async deleteAll(): Promise<void> {
    await storage("clear results", () =>
      this.db.transaction("rw", this.db.results, this.db.bodies, async () => {
        await this.db.results.clear();
        await this.db.bodies.clear();
      }),
    );
    await storage("clear results", async () => this.files?.clear(RESULT_PREFIX));
  }
}

/**
 * A run's events are stored as one JSON string: IndexedDB clones a string at memory speed, while
 * cloning ~4,500 event objects (a 500-node chain) cost the worker ~20 ms per save. Records saved
 * before this still hold an array and read as they are.
 */
function packRun(run: RunRecord): StoredRun {
  return { ...run, events: JSON.stringify(run.events) };
}

function unpackRun(stored: StoredRun): RunRecord {
  return typeof stored.events === "string" ? { ...stored, events: JSON.parse(stored.events) as RunRecord["events"] } : (stored as RunRecord);
}

export class DexieRunLog implements RunLog {
  constructor(private readonly db: SluiceDatabase) {}
  async put(run: RunRecord): Promise<void> {
    await storage("save the run log", () => this.db.runs.put(packRun(run)));
  }
  async get(runId: string): Promise<RunRecord | undefined> {
    const stored = await storage("read the run log", () => this.db.runs.get(runId));
    return stored && unpackRun(stored);
  }
  async list(): Promise<RunRecord[]> {
    return (await storage("read the run log", () => this.db.runs.orderBy("startedAt").toArray())).map(unpackRun);
  }
  async heads(): Promise<RunHead[]> {
    const stored = await storage("read the run log", () => this.db.runs.orderBy("startedAt").toArray());
    return stored.map(({ events: _events, ...head }) => head);
  }
  /** How many runs the log held at the last count, plus the runs saved since (each prune follows one). */
  private estimate: number | undefined;
  async prune(keep: number): Promise<number> {
    // Every transaction here delays the next run's first record, so the log is counted only when
    // this tab's own runs may have filled it (another tab's runs are trimmed by that tab).
    if (this.estimate !== undefined && this.estimate < keep) {
      this.estimate++;
      return 0;
    }
    const count = await storage("count the run log", () => this.db.runs.count());
    this.estimate = Math.min(count, keep);
    if (count <= keep) return 0;
    return storage("trim the run log", () =>
      this.db.transaction("rw", this.db.runs, async () => {
        const excess = (await this.db.runs.count()) - keep;
        if (excess <= 0) return 0;
        const oldest = await this.db.runs.orderBy("startedAt").limit(excess).primaryKeys();
        await this.db.runs.bulkDelete(oldest);
        return oldest.length;
      }),
    );
  }
  deleteAll(): Promise<void> {
    return storage("clear the run log", () => this.db.runs.clear());
  }
}
