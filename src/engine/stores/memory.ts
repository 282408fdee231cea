import { SluiceError } from "../errors";
import { decodeVerified, isCorruptResult, sealed } from "./integrity";
import type { CacheKey, DataVersion, StorageFormat } from "../types";
import type { RunRecord } from "./runRecord";
import type { MetadataEntry, MetadataStore, ResultStore, RunLog, StoredResult } from "./types";

/** Metadata for this tab only: gone on reload, never touches IndexedDB. */
export class MemoryMetadataStore implements MetadataStore {
  private readonly entries_ = new Map<string, MetadataEntry>();
  async get(cacheKey: CacheKey): Promise<DataVersion | undefined> {
    return this.entries_.get(cacheKey)?.dataVersion;
  }
  async getEntry(cacheKey: CacheKey): Promise<MetadataEntry | undefined> {
    return this.entries_.get(cacheKey);
  }
  async getMany(cacheKeys: readonly CacheKey[]): Promise<(DataVersion | undefined)[]> {
    return cacheKeys.map((key) => this.entries_.get(key)?.dataVersion);
  }
  async set(entry: MetadataEntry): Promise<void> {
    this.entries_.set(entry.cacheKey, entry);
  }
  async entriesFor(nodeNames: readonly string[]): Promise<MetadataEntry[]> {
    const names = new Set(nodeNames);
    return [...this.entries_.values()].filter((entry) => names.has(entry.nodeName));
  }
  async setMany(entries: readonly MetadataEntry[]): Promise<void> {
    // Through `set`, so a test that wraps `set` (a full disk) sees every write.
    for (const entry of entries) await this.set(entry);
  }
  async entries(): Promise<MetadataEntry[]> {
    return [...this.entries_.values()];
  }
  async entriesForVersions(dataVersions: readonly DataVersion[]): Promise<MetadataEntry[]> {
    const wanted = new Set<string>(dataVersions);
    return [...this.entries_.values()].filter((entry) => wanted.has(entry.dataVersion));
  }
  async deleteForVersions(dataVersions: readonly DataVersion[]): Promise<void> {
    const doomed = new Set<string>(dataVersions);
    for (const [key, entry] of this.entries_) if (doomed.has(entry.dataVersion)) this.entries_.delete(key);
  }
  async deleteAll(): Promise<void> {
    this.entries_.clear();
  }
}

export class MemoryResultStore implements ResultStore {
  private readonly results = new Map<string, StoredResult>();
  async get(dataVersion: DataVersion): Promise<unknown> {
    const stored = this.results.get(dataVersion);
    if (!stored) throw new SluiceError("STORAGE", `No stored result for data version ${dataVersion}`);
    try {
      return await decodeVerified(stored);
    } catch (error) {
      if (isCorruptResult(error)) await this.delete([dataVersion]);
      throw error;
    }
  }
  async getStored(dataVersion: DataVersion): Promise<StoredResult | undefined> {
    return this.results.get(dataVersion);
  }
  async has(dataVersion: DataVersion, format?: StorageFormat): Promise<boolean> {
    const stored = this.results.get(dataVersion);
    return stored !== undefined && (format === undefined || stored.format === format);
  }
  async hasMany(dataVersions: readonly DataVersion[]): Promise<boolean[]> {
    return dataVersions.map((dv) => this.results.has(dv));
  }
  async set(result: StoredResult): Promise<void> {
    this.results.set(result.dataVersion, await sealed(result));
  }
  async headers(dataVersions: readonly DataVersion[]): Promise<(Omit<StoredResult, "bytes" | "data"> | undefined)[]> {
    return dataVersions.map((dv) => {
      const stored = this.results.get(dv);
      if (!stored) return undefined;
      const { bytes: _b, data: _d, ...header } = stored;
      return header;
    });
  }
  async formats(dataVersions: readonly DataVersion[]): Promise<(StorageFormat | undefined)[]> {
    return dataVersions.map((dv) => this.results.get(dv)?.format);
  }
  async setMany(results: readonly StoredResult[]): Promise<void> {
    for (const result of results) await this.set(result);
  }
  async list(): Promise<Omit<StoredResult, "bytes" | "data">[]> {
    return [...this.results.values()].map(({ bytes: _b, data: _d, ...header }) => header);
  }
  async touch(dataVersions: readonly DataVersion[], at: number): Promise<void> {
    for (const dv of dataVersions) {
      const stored = this.results.get(dv);
      if (stored) stored.lastUsedAt = at;
    }
  }
  async setPinned(dataVersions: readonly DataVersion[], pinned: boolean): Promise<void> {
    for (const dv of dataVersions) {
      const stored = this.results.get(dv);
      if (stored) stored.pinned = pinned;
    }
  }
  async delete(dataVersions: readonly DataVersion[]): Promise<void> {
    for (const dv of dataVersions) this.results.delete(dv);
  }
  async deleteAll(): Promise<void> {
    this.results.clear();
  }
}

export class MemoryRunLog implements RunLog {
  private readonly runs = new Map<string, RunRecord>();
  async put(run: RunRecord): Promise<void> {
    this.runs.set(run.runId, structuredClone(run));
  }
  async get(runId: string): Promise<RunRecord | undefined> {
    return this.runs.get(runId);
  }
  async list(): Promise<RunRecord[]> {
    return [...this.runs.values()].sort((a, b) => a.startedAt - b.startedAt);
  }
  async prune(keep: number): Promise<number> {
    const doomed = (await this.list()).slice(0, Math.max(0, this.runs.size - keep));
    for (const run of doomed) this.runs.delete(run.runId);
    return doomed.length;
  }
  async deleteAll(): Promise<void> {
    this.runs.clear();
  }
}
