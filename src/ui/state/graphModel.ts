import type { Reason } from "../../engine";
import type { CachingBehavior, NodeKind, NodeStatus } from "../../engine/types";
import type { Analysis, NodeProgress, RunRecord } from "../../worker/protocol";

export type DisplayStatus = NodeStatus | "pending" | "running";

// A type alias, not an interface: React Flow needs node data assignable to Record<string, unknown>.
export type GraphNodeModel = {
  name: string;
  kind: NodeKind | "input";
  /** What the shown run did; undefined in the draft, which has not run. */
  status: DisplayStatus | undefined;
  requested: boolean;
  durationMs?: number;
  /** Resolved by the run, or declared by `cache({ behavior })` in the draft. */
  behavior?: CachingBehavior;
  optional?: boolean;
  error?: string;
  /** Draft only: what the newest run did with this node, and whether its code changed since. */
  lastStatus?: NodeStatus;
  edited?: boolean;
  /** A finished run's explanation (SPEC.md §11): why, whether a root cause, early cutoff. */
  reason?: Reason;
  cause?: boolean;
  sameValue?: boolean;
  /** Hits credited to this node's early cutoff. */
  saved?: number;
  /** Draft only: what the next run would do, and why. */
  plan?: "hit" | "execute" | "depends";
  planReason?: Reason;
  /** Where a hit's value came from, when not the visitor's own cache: `published:<slug>`. */
  from?: string;
};

export interface GraphModel {
  mode: "draft" | "live" | "run";
  nodes: GraphNodeModel[];
  edges: { source: string; target: string }[];
}

/** The editor's graph: nodes and inputs from the analysis, nothing run yet. */
export function modelFromAnalysis(analysis: Analysis, requested: readonly string[]): GraphModel {
  const wanted = new Set(requested);
  const nodes: GraphNodeModel[] = [
    ...analysis.inputs.map((i) => ({ name: i.name, kind: "input" as const, status: undefined, requested: wanted.has(i.name), optional: i.optional })),
    ...analysis.nodes.map((n) => ({ name: n.name, kind: n.kind, status: undefined, requested: wanted.has(n.name), behavior: n.behavior })),
  ];
  const edges = analysis.nodes.flatMap((n) => [...n.inputs, ...n.dependencies].map((source) => ({ source, target: n.name })));
  return { mode: "draft", nodes, edges };
}

/** A live run: the analysis it started from, coloured by the progress so far. */
export function withProgress(model: GraphModel, progress: Record<string, NodeProgress>, outputs: readonly string[]): GraphModel {
  const wanted = new Set(outputs);
  return {
    mode: "live",
    edges: model.edges,
    nodes: model.nodes.map((n) => {
      const p = progress[n.name];
      return { ...n, requested: wanted.has(n.name), status: p?.status, durationMs: p?.durationMs, error: p?.error?.message };
    }),
  };
}

/** A finished run exactly as its record keeps it, whatever the editor holds now. */
export function modelFromRecord(record: RunRecord): GraphModel {
  const names = new Set(record.nodes.map((n) => n.name));
  return {
    mode: "run",
    nodes: record.nodes.map((n) => ({
      name: n.name,
      kind: n.kind,
      status: n.status,
      requested: n.requested,
      durationMs: n.durationMs,
      behavior: n.behavior,
      error: n.error?.message,
      ...(n.from && { from: n.from }),
    })),
    edges: record.nodes.flatMap((n) => n.dependencies.filter((d) => names.has(d)).map((source) => ({ source, target: n.name }))),
  };
}

/** The draft with hints from the newest run: its statuses (faded) and which nodes' code changed. */
export function withLatest(model: GraphModel, latest: RunRecord | undefined, analysis: Analysis): GraphModel {
  if (!latest) return model;
  const before = new Map(latest.nodes.map((n) => [n.name, n]));
  const versions = new Map(analysis.nodes.map((n) => [n.name, n.codeVersion as string]));
  return {
    ...model,
    nodes: model.nodes.map((n) => {
      const old = before.get(n.name);
      if (!old) return n;
      const edited = n.kind !== "input" && old.codeVersion !== undefined && old.codeVersion !== versions.get(n.name);
      return { ...n, lastStatus: old.status, edited };
    }),
  };
}
