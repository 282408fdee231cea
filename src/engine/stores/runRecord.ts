import type { CachingBehavior, CachingEvent, NodeKind, NodeStatus, RunId } from "../types";
import type { RunLog } from "./types";

export interface RunNodeRecord {
  name: string;
  kind: NodeKind | "input";
  status: NodeStatus;
  behavior?: CachingBehavior;
  codeVersion?: string;
  dataVersion?: string;
  cacheKey?: string;
  durationMs?: number;
  /** Executed and returned a data version the cache held before the run (early cutoff). */
  sameValue?: boolean;
  /** A hit served by a published layer (`published:<slug>`), not the local cache. */
  from?: string;
  dependencies: string[];
  requested: boolean;
  error?: { code: string; message: string; stack?: string };
}

export type SerializedEvent = Omit<CachingEvent, "toString" | "value"> & { value?: unknown };

/** A run's record without its events: what listing the history needs. */
export type RunHead = Omit<RunRecord, "events">;

/** Every run of a log without events, oldest first; from the full records where it has no cheaper way. */
export async function runHeads(runLog: RunLog): Promise<RunHead[]> {
  return runLog.heads ? runLog.heads() : runLog.list();
}

/** Everything needed to show a past run after a reload. */
export interface RunRecord {
  runId: RunId;
  startedAt: number;
  finishedAt?: number;
  /** `interrupted`: its tab or browser closed mid-run (see runLock.ts). */
  status: "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
  modules: string[];
  inputs: Record<string, unknown>;
  overrides: string[];
  outputs: string[];
  options: Record<string, unknown>;
  /** The labels the run was given (`execute(vars, { tags })`); absent on runs made before tags. */
  tags?: Record<string, string>;
  nodes: RunNodeRecord[];
  events: SerializedEvent[];
  error?: { code: string; message: string; node?: string; stack?: string };
  /** Results evicted (least recently used first) to make room for this run's writes. */
  evicted?: { results: number; bytes: number };
  /** A run that came with a published bundle (`published:<slug>`): its author's, shown read-only. */
  from?: string;
}
