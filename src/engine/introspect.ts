import { keepsAt, reviveEvent } from "./events";
import type { RunRecord } from "./stores/runRecord";
import type { CachingBehavior, CachingEvent, LogLevel, RunView } from "./types";

/** The graph of a run as the UI draws it: every node with its status, and its edges. */
export function viewRunRecord(record: RunRecord): RunView {
  const names = new Set(record.nodes.map((n) => n.name));
  return {
    runId: record.runId,
    nodes: record.nodes.map((n) => ({
      id: n.name,
      status: n.status,
      behavior: n.behavior,
      kind: n.kind,
      requested: n.requested,
      codeVersion: n.codeVersion as RunView["nodes"][number]["codeVersion"],
      dataVersion: n.dataVersion as RunView["nodes"][number]["dataVersion"],
      cacheKey: n.cacheKey as RunView["nodes"][number]["cacheKey"],
      durationMs: n.durationMs,
      error: n.error,
    })),
    edges: record.nodes.flatMap((n) =>
      n.dependencies.filter((d) => names.has(d)).map((source) => ({ source, target: n.name })),
    ),
  };
}

/** Events grouped by node, filtered to a level; `String(event)` prints Hamilton's line. */
export function groupLogs(events: readonly CachingEvent[], level: LogLevel): Record<string, CachingEvent[]> {
  const logs: Record<string, CachingEvent[]> = {};
  for (const event of events) {
    if (!keepsAt(level, event)) continue;
    (logs[event.nodeName] ??= []).push(event);
  }
  return logs;
}

/** A record's events as lines, in the order they happened. */
export function logLines(record: RunRecord, level: LogLevel): string[] {
  return record.events.filter((e) => keepsAt(level, e)).map((e) => String(reviveEvent(e)));
}

type PerRun<T> = Record<string, Record<string, T>>;

/** `dr.cache.dataVersions[runId][node]` and friends, from the run records. */
export function perRun<T>(records: readonly RunRecord[], pick: (node: RunRecord["nodes"][number]) => T | undefined): PerRun<T> {
  const table: PerRun<T> = {};
  for (const record of records) {
    const row: Record<string, T> = {};
    for (const node of record.nodes) {
      if (node.status === "skipped") continue;
      const value = pick(node);
      if (value !== undefined) row[node.name] = value;
    }
    table[record.runId] = row;
  }
  return table;
}

export type BehaviorTable = PerRun<CachingBehavior>;
