import { groupLogs, perRun, viewRunRecord, type BehaviorTable } from "./introspect";
import { keepsAt, reviveEvent } from "./events";
import { SluiceError } from "./errors";
import { explainNode } from "./explain/explain";
import { indexesOf, runIndexOf } from "./explain/runIndex";
import type { Explanation } from "./explain/types";
import type { CacheBackend } from "./stores/backend";
import type { RunRecord } from "./stores/runRecord";
import type { CacheKey, CachingBehavior, CachingEvent, CodeVersion, DataVersion, LogLevel, RunId, RunView } from "./types";

/**
 * `dr.cache`: what this driver's runs did, plus the stores. Run ids are this driver's, in order,
 * like Hamilton's `Driver.cache.run_ids`; the run log in the backend keeps every driver's runs.
 */
export class CacheView {
  private readonly records: RunRecord[] = [];

  constructor(private readonly backend: CacheBackend) {}

  get metadataStore() {
    return this.backend.metadataStore;
  }
  get resultStore() {
    return this.backend.resultStore;
  }
  get runLog() {
    return this.backend.runLog;
  }
  get files() {
    return this.backend.files;
  }

  addRun(record: RunRecord): void {
    this.records.push(record);
    for (const index of indexesOf(this.backend)) index.add(record);
  }

  /**
   * Why a node of a run (default: the last) hit or executed, compared with the latest earlier run
   * in this cache's log that gave it a key (SPEC.md §11). Synchronous: the log is held in memory.
   * @example dr.cache.explain("processed_data").reason // "code_changed"
   */
  explain(node: string, runId: string | undefined = this.lastRunId): Explanation {
    if (runId === undefined) throw new SluiceError("BAD_OPTION", "No run to explain yet", { option: "runId" });
    return explainNode(runIndexOf(this.backend), runId, node);
  }

  get runIds(): RunId[] {
    return this.records.map((r) => r.runId);
  }
  get lastRunId(): RunId | undefined {
    return this.records.at(-1)?.runId;
  }
  get dataVersions(): Record<string, Record<string, DataVersion>> {
    return perRun(this.records, (n) => n.dataVersion as DataVersion | undefined);
  }
  get codeVersions(): Record<string, Record<string, CodeVersion>> {
    return perRun(this.records, (n) => n.codeVersion as CodeVersion | undefined);
  }
  get cacheKeys(): Record<string, Record<string, CacheKey>> {
    return perRun(this.records, (n) => n.cacheKey as CacheKey | undefined);
  }
  get behaviors(): BehaviorTable {
    return perRun(this.records, (n) => n.behavior);
  }

  record(runId: string | undefined = this.lastRunId): RunRecord {
    const record = this.records.find((r) => r.runId === runId);
    if (!record) throw new SluiceError("BAD_OPTION", `No run ${String(runId)} in this driver`, { option: "runId" });
    return record;
  }

  /** Each node's behaviour in a run (defaults to the last). */
  resolveBehaviors(runId?: string): Record<string, CachingBehavior> {
    return this.behaviors[this.record(runId).runId];
  }

  /** Structured logs of a run, by node. `info` keeps get_result and execute_node; `debug` keeps all. */
  logs(runId?: string, options: { level?: LogLevel } = {}): Record<string, CachingEvent[]> {
    return groupLogs(this.record(runId).events.map(reviveEvent), options.level ?? "info");
  }

  /** Every event of a run, in order, at a level. */
  events(runId?: string, options: { level?: LogLevel } = {}): CachingEvent[] {
    const level = options.level ?? "info";
    return this.record(runId).events.filter((e) => keepsAt(level, e)).map(reviveEvent);
  }

  viewRun(runId?: string): RunView {
    return viewRunRecord(this.record(runId));
  }
}
