import type { CacheBackend } from "../stores/backend";
import type { RunHead, RunNodeRecord, RunRecord } from "../stores/runRecord";
import type { RunLog } from "../stores/types";

/** An indexed run as plain data. */
export interface IndexedRunRecord {
  runId: string;
  startedAt: number;
  nodes: RunNodeRecord[];
  resultMissing: string[];
}

/**
 * The backend's indexed runs, for the nodes named: a plan in the compute realm needs its own
 * nodes' past, and is sent no other's. The index follows the runs saved here (the realm client
 * adds each) and those a listing of the log shows (`followRuns`): no read of the log per plan.
 */
export async function indexedRuns(backend: CacheBackend, nodeNames: ReadonlySet<string>): Promise<IndexedRunRecord[]> {
  const index = runIndexOf(backend);
  await index.ready();
  return index.records(nodeNames);
}

/** Adds the finished runs a listing shows that the index lacks (another tab's, another driver's). */
export async function followRuns(backend: CacheBackend, heads: readonly RunHead[]): Promise<void> {
  const index = runIndexOf(backend);
  await index.ready();
  for (const head of heads) {
    if (head.status === "running" || index.get(head.runId)) continue;
    const record = await backend.runLog.get(head.runId);
    if (record) index.add(record);
  }
}

/** What explaining needs of a run: its nodes, and which of them found a key whose result was gone. */
export interface IndexedRun {
  runId: string;
  startedAt: number;
  nodes: ReadonlyMap<string, RunNodeRecord>;
  resultMissing: ReadonlySet<string>;
}

function indexRun(record: RunRecord): IndexedRun {
  const resultMissing = new Set<string>();
  // A damaged result is a missing one: it was dropped and the node computed again.
  for (const event of record.events) if (event.eventType === "missing_result" || event.eventType === "corrupt_result") resultMissing.add(event.nodeName);
  // Events are dropped: only their verdict is kept, so a long history costs little memory.
  return { runId: record.runId, startedAt: record.startedAt, nodes: new Map(record.nodes.map((n) => [n.name, n])), resultMissing };
}

/**
 * The run log of one cache, kept in memory so that `explain` can answer synchronously. It is read
 * once per backend (every driver on the backend shares it) and then follows the runs made here.
 */
export class RunIndex {
  private readonly byId = new Map<string, IndexedRun>();
  /** Oldest first, by start. */
  private readonly ordered: IndexedRun[] = [];
  private loading: Promise<void> | undefined;

  constructor(private readonly runLog: RunLog) {}

  /** Reads the run log the first time; later calls cost a resolved promise. */
  ready(): Promise<void> {
    this.loading ??= this.runLog.list().then(
      (records) => {
        for (const record of records) if (!this.byId.has(record.runId)) this.add(record);
      },
      // An unreadable log leaves explanations comparing with this session's runs only.
      () => undefined,
    );
    return this.loading;
  }

  /** Adds a run, or replaces an earlier record of it (a run's start record, a stopped run). */
  add(record: RunRecord): void {
    this.insert(indexRun(record));
  }

  private insert(run: IndexedRun): void {
    const old = this.byId.get(run.runId);
    if (old) this.ordered.splice(this.ordered.indexOf(old), 1);
    this.byId.set(run.runId, run);
    let at = this.ordered.length;
    while (at > 0 && this.ordered[at - 1].startedAt > run.startedAt) at--;
    this.ordered.splice(at, 0, run);
  }

  /**
   * Fills an index that cannot read its log (a compute realm's, whose backend serves no history)
   * with what the log's owner sent; `ready` then resolves at once.
   */
  prime(runs: readonly IndexedRunRecord[]): void {
    for (const run of runs) this.insert({ runId: run.runId, startedAt: run.startedAt, nodes: new Map(run.nodes.map((n) => [n.name, n])), resultMissing: new Set(run.resultMissing) });
    this.loading = Promise.resolve();
  }

  /** Every run indexed, oldest first, as plain data (to send to a realm). */
  records(nodeNames?: ReadonlySet<string>): IndexedRunRecord[] {
    return this.ordered.map((run) => ({
      runId: run.runId,
      startedAt: run.startedAt,
      nodes: [...run.nodes.values()].filter((n) => !nodeNames || nodeNames.has(n.name)),
      resultMissing: [...run.resultMissing].filter((n) => !nodeNames || nodeNames.has(n)),
    }));
  }

  clear(): void {
    this.byId.clear();
    this.ordered.length = 0;
  }

  get(runId: string): IndexedRun | undefined {
    return this.byId.get(runId);
  }

  /** The latest run before `runId` (or at it, when `inclusive`) in which `node` had a key; before all runs' end when runId is undefined. */
  previousWithKey(node: string, runId?: string, inclusive = false): IndexedRun | undefined {
    let at = runId === undefined ? this.ordered.length : this.ordered.indexOf(this.byId.get(runId)!) + (inclusive ? 1 : 0);
    while (--at >= 0) if (this.ordered[at].nodes.get(node)?.cacheKey) return this.ordered[at];
    return undefined;
  }

  /** How long the node took the last time it executed before `runId`: what a hit saves. */
  lastDuration(node: string, runId: string): number | undefined {
    let at = this.ordered.indexOf(this.byId.get(runId)!);
    while (--at >= 0) {
      const found = this.ordered[at].nodes.get(node);
      if (found?.status === "executed" && found.durationMs !== undefined) return found.durationMs;
    }
    return undefined;
  }
}

const indexes = new WeakMap<RunLog, RunIndex>();
/**
 * Indexes of one IndexedDB database by name: a driver built with `path` opens its own backend
 * objects, and a run of one driver must reach the index of another built earlier on the same path.
 * Weak, so indexes of drivers gone are collected.
 */
const byDatabase = new Map<string, Set<WeakRef<RunIndex>>>();

/** The index of a backend's run log, shared by every driver built on it. */
export function runIndexOf(backend: Pick<CacheBackend, "runLog" | "kind" | "name">): RunIndex {
  let index = indexes.get(backend.runLog);
  if (!index) {
    index = new RunIndex(backend.runLog);
    indexes.set(backend.runLog, index);
    if (backend.kind === "indexeddb") {
      const set = byDatabase.get(backend.name) ?? new Set();
      set.add(new WeakRef(index));
      byDatabase.set(backend.name, set);
    }
  }
  return index;
}

/** Every live index of the backend's cache (one, unless several drivers opened one database). */
export function indexesOf(backend: Pick<CacheBackend, "runLog" | "kind" | "name">): RunIndex[] {
  const own = runIndexOf(backend);
  if (backend.kind !== "indexeddb") return [own];
  const set = byDatabase.get(backend.name)!;
  const live: RunIndex[] = [];
  for (const ref of set) {
    const index = ref.deref();
    if (index) live.push(index);
    else set.delete(ref);
  }
  return live;
}
