import { SluiceError } from "../errors";
import { decodeVerified, isCorruptResult, sealed } from "./integrity";
import { storage } from "./storageError";
import type { CacheKey, DataVersion, StorageFormat } from "../types";
import type { ResultHeader, SluiceDatabase, StoredRun } from "./database";
import type { RunRecord } from "./runRecord";
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

/** Headers and bodies live apart, so `has` and `list` never read a result's bytes. */
export class DexieResultStore implements ResultStore {
  constructor(private readonly db: SluiceDatabase) {}
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
  async setMany(unsealed: readonly StoredResult[]): Promise<void> {
    const results = await Promise.all(unsealed.map(sealed));
    const bodies = results.map(({ dataVersion, bytes, data }) => ({ dataVersion, bytes, data }));
    const headers = results.map(({ bytes: _b, data: _d, ...header }) => header);
    // Headers and bodies commit together: a result is either wholly there or not at all.
    await storage("store a result", () =>
      this.db.transaction("rw", this.db.results, this.db.bodies, async () => {
        await this.db.bodies.bulkPut(bodies);
        await this.db.results.bulkPut(headers);
      }),
    );
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
  delete(dataVersions: readonly DataVersion[]): Promise<void> {
    return storage("delete results", () =>
      this.db.transaction("rw", this.db.results, this.db.bodies, async () => {
        await this.db.results.bulkDelete([...dataVersions]);
        await this.db.bodies.bulkDelete([...dataVersions]);
      }),
    );
  }
  deleteAll(): Promise<void> {
    return storage("clear results", () =>
      this.db.transaction("rw", this.db.results, this.db.bodies, async () => {
        await this.db.results.clear();
        await this.db.bodies.clear();
      }),
    );
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
