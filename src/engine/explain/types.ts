import type { CacheKey, DataVersion, NodeStatus, RunId } from "../types";

/** Why a node did what it did in a run (SPEC.md §11), most specific first; see `explainNode`. */
export type Reason =
  | "hit"
  | "new_node"
  | "code_changed"
  | "upstream_changed"
  | "recompute"
  | "disable"
  | "ignore"
  | "result_missing"
  | "not_stored"
  | "input"
  | "override"
  | "skipped";

/** A parameter whose data version differs from the compared run's key. */
export interface Change {
  name: string;
  kind: "dependency" | "input";
  /** Absent when the compared key had no such parameter. */
  before?: DataVersion;
  after: DataVersion;
}

export interface Explanation {
  node: string;
  runId: RunId;
  status: NodeStatus;
  reason: Reason;
  /** The latest earlier run (any driver) in which the node had a key. */
  comparedWith?: { runId: RunId; cacheKey: CacheKey };
  codeChanged: boolean;
  changed: Change[];
  /** Root causes, sorted: the changed inputs and the nodes whose own change spread to this one. */
  causes: string[];
  /** Executed, and returned a data version the cache held before the run (early cutoff). */
  sameValue?: boolean;
  /** A hit a published layer served: `published:<slug>` (SPEC.md §12). */
  from?: string;
}

export interface PlanStep {
  /** `depends`: an upstream node will execute; this node hits only if that returns a value seen before. */
  will: "hit" | "execute" | "depends";
  reason: Reason;
}

export type Plan = Record<string, PlanStep>;

/** Reasons a node executes that are its own, not its dependencies'. */
export const OWN_REASONS: ReadonlySet<Reason> = new Set(["new_node", "code_changed", "recompute", "disable", "ignore", "result_missing", "not_stored"]);
