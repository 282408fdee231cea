import type { NodeFacts } from "./useNodeFacts";

/**
 * Why a value that was computed cannot be shown, and what to do. Disable and ignore store
 * nothing: the compute realm keeps only the last few such values of this tab (src/realm/compute.ts),
 * so after more runs, a reload or a cleared cache the value is gone for good.
 */
export function notKept(facts: Pick<NodeFacts, "behavior" | "name">, reason: string): string {
  if (facts.behavior !== "disable" && facts.behavior !== "ignore") return reason;
  return `Not kept: behaviour ${facts.behavior} stores nothing, and only the last few such values stay in this tab's memory. Request ${facts.name} as an output, or run again, to see it.`;
}
