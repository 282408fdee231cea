import type { RunNodeRecord, RunRecord } from "../stores/runRecord";

export interface NodeSide {
  status: RunNodeRecord["status"];
  durationMs?: number;
  codeVersion?: string;
  dataVersion?: string;
}

/** One node in two runs: what it did in each, and whether its code or value differs. */
export interface NodeComparison {
  name: string;
  kind: RunNodeRecord["kind"];
  before?: NodeSide;
  after?: NodeSide;
  codeChanged: boolean;
  valueChanged: boolean;
}

const side = (node: RunNodeRecord | undefined): NodeSide | undefined =>
  node && { status: node.status, durationMs: node.durationMs, codeVersion: node.codeVersion, dataVersion: node.dataVersion };

/**
 * Two runs side by side, node by node (the newer run's order, then nodes only the older had).
 * @example compareRuns(first, second).find((n) => n.name === "processed_data")?.valueChanged
 */
export function compareRuns(before: RunRecord, after: RunRecord): NodeComparison[] {
  const then = new Map(before.nodes.map((n) => [n.name, n]));
  const now = new Map(after.nodes.map((n) => [n.name, n]));
  const names = [...now.keys(), ...[...then.keys()].filter((n) => !now.has(n))];
  return names.map((name) => {
    const a = then.get(name);
    const b = now.get(name);
    return {
      name,
      kind: (b ?? a)!.kind,
      before: side(a),
      after: side(b),
      codeChanged: a?.codeVersion !== undefined && b?.codeVersion !== undefined && a.codeVersion !== b.codeVersion,
      valueChanged: a?.dataVersion !== undefined && b?.dataVersion !== undefined && a.dataVersion !== b.dataVersion,
    };
  });
}
