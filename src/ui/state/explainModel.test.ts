import { describe, expect, it } from "vitest";
import type { Explanation, RunExplanation } from "../../worker/protocol";
import type { GraphModel } from "./graphModel";
import { planSummary, withExplanation, withPlan } from "./explainModel";

const model: GraphModel = {
  mode: "run",
  nodes: ["cutoff_date", "raw_data", "processed_data", "amount_per_country"].map((name) => ({ name, kind: name === "cutoff_date" ? "input" : "function", status: undefined, requested: false })),
  edges: [],
};

const why = (node: string, reason: Explanation["reason"], extra: Partial<Explanation> = {}): Explanation => ({
  node, runId: "r" as Explanation["runId"], status: "executed", reason, codeChanged: false, changed: [], causes: [], ...extra,
});

describe("explanations and plans on the graph", () => {
  it("marks reasons, root causes and early cutoff credit", () => {
    const explanation: RunExplanation = {
      runId: "r",
      nodes: { raw_data: why("raw_data", "hit"), processed_data: why("processed_data", "code_changed", { sameValue: true, causes: ["processed_data"] }), amount_per_country: why("amount_per_country", "hit") },
      credit: { processed_data: { nodes: ["amount_per_country"], durationMs: 3 } },
      causes: ["processed_data"],
    };
    const nodes = withExplanation(model, explanation).nodes;
    expect(nodes.map((n) => [n.name, n.reason, n.cause, n.saved])).toEqual([
      ["cutoff_date", undefined, undefined, undefined],
      ["raw_data", "hit", false, undefined],
      ["processed_data", "code_changed", true, 1],
      ["amount_per_country", "hit", false, undefined],
    ]);
  });

  it("marks the plan and sums it up", () => {
    const plan = { raw_data: { will: "hit", reason: "hit" }, processed_data: { will: "execute", reason: "code_changed" }, amount_per_country: { will: "depends", reason: "upstream_changed" } } as const;
    expect(withPlan(model, plan).nodes.map((n) => n.plan)).toEqual([undefined, "hit", "execute", "depends"]);
    expect(planSummary(plan)).toBe("1 will run, 1 from cache, 1 depends");
    expect(planSummary({})).toBe("nothing to run");
  });
});
