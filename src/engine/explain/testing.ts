/** Shared by the explain tests: a run with a plan before it, every promise of the plan checked. */
import { expect } from "vitest";
import type { Driver } from "../driver";
import type { NodePool } from "../runner/pool";
import type { Plan } from "./types";

export async function plannedRun(dr: Driver, outputs: string[], inputs: Record<string, unknown>, overrides?: Record<string, unknown>, pool?: NodePool) {
  const plan = await dr.plan(outputs, { inputs, overrides });
  await dr.execute(outputs, { inputs, overrides, pool });
  const runId = dr.cache.lastRunId!;
  const status = Object.fromEntries(dr.cache.viewRun(runId).nodes.map((n) => [n.id, n.status]));
  for (const [node, step] of Object.entries(plan)) {
    if (step.will === "hit") expect(status[node], `${node} was planned to hit`).toBe("cached");
    if (step.will === "execute") {
      expect(status[node], `${node} was planned to execute`).toBe("executed");
      expect(dr.cache.explain(node).reason, `${node}'s planned reason`).toBe(step.reason);
    }
  }
  return { plan, runId, why: (node: string) => dr.cache.explain(node, runId), status };
}

/** `{ node: will }`, for compact assertions. */
export function wills(plan: Plan): Record<string, string> {
  return Object.fromEntries(Object.entries(plan).map(([node, step]) => [node, step.will]));
}
