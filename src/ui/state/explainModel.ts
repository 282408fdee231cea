import type { Plan, RunExplanation } from "../../worker/protocol";
import type { GraphModel } from "./graphModel";

/** A finished run's nodes with their reasons, root causes and early cutoffs. */
export function withExplanation(model: GraphModel, explanation: RunExplanation | undefined): GraphModel {
  if (!explanation) return model;
  const causes = new Set(explanation.causes);
  return {
    ...model,
    nodes: model.nodes.map((n) => {
      const why = explanation.nodes[n.name];
      if (!why) return n;
      return { ...n, reason: why.reason, cause: causes.has(n.name), sameValue: why.sameValue === true, saved: explanation.credit[n.name]?.nodes.length };
    }),
  };
}

/** The draft's nodes with what the next run would do with them. */
export function withPlan(model: GraphModel, plan: Plan | undefined): GraphModel {
  if (!plan) return model;
  return { ...model, nodes: model.nodes.map((n) => (plan[n.name] ? { ...n, plan: plan[n.name].will, planReason: plan[n.name].reason } : n)) };
}

export interface PlanCounts {
  execute: number;
  hit: number;
  depends: number;
}

export function planCounts(plan: Plan): PlanCounts {
  const counts: PlanCounts = { execute: 0, hit: 0, depends: 0 };
  for (const step of Object.values(plan)) counts[step.will]++;
  return counts;
}

/** "2 will run, 5 from cache, 1 depends", leaving out what is zero. */
export function planSummary(plan: Plan): string {
  const { execute, hit, depends } = planCounts(plan);
  const parts = [execute > 0 && `${execute} will run`, hit > 0 && `${hit} from cache`, depends > 0 && `${depends} depend${depends === 1 ? "s" : ""}`];
  return parts.filter(Boolean).join(", ") || "nothing to run";
}
