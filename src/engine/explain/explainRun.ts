import type { CacheBackend } from "../stores/backend";
import { explainNode } from "./explain";
import { runIndexOf, type IndexedRun, type RunIndex } from "./runIndex";
import type { Explanation } from "./types";

/** What early cutoff saved: the hits downstream of a node that returned a value seen before. */
export interface CutoffCredit {
  nodes: string[];
  /** What those nodes took the last time they executed. */
  durationMs: number;
}

/** Every node of a run explained, with each early cutoff's credit and the run's root causes. */
export interface RunExplanation {
  runId: string;
  nodes: Record<string, Explanation>;
  credit: Record<string, CutoffCredit>;
  /** Every explanation's causes together: what the user did that made this run's misses. */
  causes: string[];
}

/** The cached nodes reached from `source` through cached nodes only. */
function savedBy(index: RunIndex, run: IndexedRun, source: string): CutoffCredit {
  const dependants = new Map<string, string[]>();
  for (const node of run.nodes.values()) for (const dep of node.dependencies) dependants.set(dep, [...(dependants.get(dep) ?? []), node.name]);
  const saved = new Set<string>();
  const queue = [source];
  while (queue.length > 0) {
    for (const next of dependants.get(queue.pop()!) ?? []) {
      if (saved.has(next) || run.nodes.get(next)?.status !== "cached") continue;
      saved.add(next);
      queue.push(next);
    }
  }
  const nodes = [...saved];
  return { nodes, durationMs: nodes.reduce((sum, n) => sum + (index.lastDuration(n, run.runId) ?? 0), 0) };
}

/**
 * Explains a whole run from a backend's run log, as the UI shows it; undefined for an unknown run.
 * @example (await explainRun(backend, runId))?.nodes.processed_data.reason // "code_changed"
 */
export async function explainRun(backend: CacheBackend, runId: string): Promise<RunExplanation | undefined> {
  const index = runIndexOf(backend);
  await index.ready();
  if (!index.get(runId)) {
    // Another tab's run, made after this worker read the log.
    const record = await backend.runLog.get(runId);
    if (!record) return undefined;
    index.add(record);
  }
  const run = index.get(runId)!;
  const nodes: Record<string, Explanation> = {};
  const credit: Record<string, CutoffCredit> = {};
  for (const name of run.nodes.keys()) {
    const explanation = explainNode(index, runId, name);
    nodes[name] = explanation;
    if (explanation.sameValue) credit[name] = savedBy(index, run, name);
  }
  const causes = [...new Set(Object.values(nodes).flatMap((e) => e.causes))].sort();
  return { runId, nodes, credit, causes };
}
