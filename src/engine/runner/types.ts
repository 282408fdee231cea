import type { SluiceError } from "../errors";
import type { NodePool } from "./pool";
import type { RunRecord } from "../stores/runRecord";
import type { CacheKey, CachingBehavior, CachingEvent, CodeVersion, DataVersion, NodeKind, NodeStatus, RunId } from "../types";

/** Live status of one node, for the UI; `pending` and `running` exist only while a run is live. */
export interface NodeProgress {
  runId: RunId;
  node: string;
  status: NodeStatus | "pending" | "running";
  durationMs?: number;
  dataVersion?: DataVersion;
  error?: { code: string; message: string; stack?: string };
}

export interface ExecuteOptions {
  /** Values for the dataflow's inputs (parameters that name no node). */
  inputs?: Record<string, unknown>;
  /** Values that replace nodes for this run only; never stored. */
  overrides?: Record<string, unknown>;
  onProgress?: (progress: NodeProgress) => void;
  onEvent?: (event: CachingEvent) => void;
  /**
   * A value this run computed and stores nowhere (behaviour disable or ignore, or unhashable),
   * with its data version: an app may hold it to show, since no store will have it after the run.
   */
  onUnstored?: (node: string, dataVersion: DataVersion, value: unknown) => void;
  signal?: AbortSignal;
  /**
   * Called once the requested values and every node's status are known, before the run's
   * results are stored: an app can show them at once. With it, results are encoded and written
   * only after the last node has run (storage then never competes with node code for the
   * thread), and `execute` still resolves (or rejects) only once they are stored, as without it.
   */
  onComputed?: (computed: ComputedRun) => void;
  /**
   * Values the caller still holds by data version (e.g. what it kept of earlier runs): a hit is
   * taken from here instead of read from the result store. A requested output takes any; a node
   * argument only one marked `forNodes`, which the holder guarantees node code cannot change
   * (runner/keep.ts says how).
   */
  heldValue?: (dataVersion: DataVersion, use: HeldUse) => HeldValue | undefined;
  /**
   * A value this run computed (stored in the native format) or read, with its data version, as
   * soon as it is versioned and before any dependant is given it: a caller may keep it for later
   * runs' `heldValue` (`createKeptValues` gives node code copies of it: keep.ts).
   */
  keepValue?: (node: string, dataVersion: DataVersion, value: unknown) => void;
  /**
   * Labels kept with the run's record, e.g. `{ workspace: "w1" }`: the engine only stores them, so
   * an app can show one dataflow's runs out of a shared cache's history.
   */
  tags?: Record<string, string>;
  /**
   * Workers to execute nodes on at once (SPEC.md §13). With a pool of more than one, a node starts
   * as soon as its dependencies are known; keys, values and logs are those of a one-worker run.
   */
  pool?: NodePool;
  /** Each node's duration when it last executed: the pool starts the longest waiting one first. */
  expectedMs?: Record<string, number>;
}

/** What a held value is asked for: a node's argument, or a requested output (no node code sees it). */
export type HeldUse = "node" | "output";

/** A value held by the caller; `forNodes`: it may be given to node code as an argument. */
export interface HeldValue {
  value: unknown;
  forNodes?: boolean;
}

/** Everything the run learned about one node. */
export interface NodeState {
  name: string;
  kind: NodeKind | "input";
  behavior: CachingBehavior;
  status: NodeStatus;
  requested: boolean;
  codeVersion?: CodeVersion;
  cacheKey?: CacheKey;
  /** The fingerprint of the node's value. */
  dataVersion?: DataVersion;
  /** What dependants put in their keys: the data version, `<ignore>` or `<disable>_…`. */
  keyVersion?: DataVersion;
  /** Held once computed or read, so nothing is read twice. */
  value?: { value: unknown };
  /** A read or re-execution under way: dependants running at once share it. */
  materializing?: Promise<unknown>;
  durationMs?: number;
  error?: { code: string; message: string; stack?: string };
  /** A hit a published layer served (`published:<slug>`). */
  from?: string;
}

/** A run as it stands when its values are known and its writes have not been made yet. */
export interface ComputedRun {
  /** The requested outputs' values; absent when the run failed. */
  results?: Record<string, unknown>;
  /** Why the run failed or was cancelled, if it did (the writes of what finished still follow). */
  error?: SluiceError;
  /**
   * The run's record at this point: its status and every node's. The final record (the same,
   * plus the storage events, or a STORAGE failure if the writes failed) comes when `execute` settles.
   */
  record: RunRecord;
}
