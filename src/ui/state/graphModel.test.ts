import { describe, expect, it } from "vitest";
import type { Analysis, RunRecord } from "../../worker/protocol";
import { modelFromAnalysis, modelFromRecord, withLatest, withProgress } from "./graphModel";

const analysis = {
  nodes: [
    { name: "raw_data", kind: "function", dependencies: [], inputs: [], codeVersion: "a1", moduleIndex: 0, line: 1 },
    { name: "processed_data", kind: "function", dependencies: ["raw_data"], inputs: ["cutoff_date"], codeVersion: "b2", moduleIndex: 0, line: 5 },
  ],
  inputs: [{ name: "cutoff_date", optional: false, usedBy: ["processed_data"] }],
  errors: [],
} as unknown as Analysis;

const record = {
  runId: "r1",
  startedAt: 0,
  status: "succeeded",
  modules: [""],
  inputs: { cutoff_date: "2024-09-01" },
  overrides: [],
  outputs: ["processed_data"],
  options: {},
  events: [],
  nodes: [
    { name: "cutoff_date", kind: "input", status: "input", dependencies: [], requested: false },
    { name: "raw_data", kind: "function", status: "cached", codeVersion: "a1", dependencies: [], requested: false },
    { name: "processed_data", kind: "function", status: "executed", codeVersion: "b1", dependencies: ["raw_data", "cutoff_date"], requested: true, durationMs: 3 },
  ],
} as unknown as RunRecord;

describe("graph model", () => {
  it("draws inputs and nodes from the analysis, with an edge per parameter", () => {
    const model = modelFromAnalysis(analysis, ["processed_data"]);
    expect(model.nodes.map((n) => [n.name, n.kind, n.requested, n.status])).toEqual([
      ["cutoff_date", "input", false, undefined],
      ["raw_data", "function", false, undefined],
      ["processed_data", "function", true, undefined],
    ]);
    expect(model.edges).toEqual([
      { source: "cutoff_date", target: "processed_data" },
      { source: "raw_data", target: "processed_data" },
    ]);
  });

  it("colours a live run by its progress", () => {
    const live = withProgress(modelFromAnalysis(analysis, []), { raw_data: { runId: "r" as never, node: "raw_data", status: "running" } }, ["processed_data"]);
    expect(live.mode).toBe("live");
    expect(live.nodes.find((n) => n.name === "raw_data")?.status).toBe("running");
    expect(live.nodes.find((n) => n.name === "processed_data")?.requested).toBe(true);
  });

  it("shows a finished run exactly as recorded", () => {
    const model = modelFromRecord(record);
    expect(model.nodes.map((n) => [n.name, n.status])).toEqual([
      ["cutoff_date", "input"],
      ["raw_data", "cached"],
      ["processed_data", "executed"],
    ]);
    expect(model.edges).toContainEqual({ source: "cutoff_date", target: "processed_data" });
  });

  it("marks draft nodes whose code changed since the newest run", () => {
    const draft = withLatest(modelFromAnalysis(analysis, []), record, analysis);
    const byName = Object.fromEntries(draft.nodes.map((n) => [n.name, n]));
    expect(byName.raw_data.edited).toBe(false);
    expect(byName.processed_data.edited).toBe(true);
    expect(byName.processed_data.lastStatus).toBe("executed");
    expect(byName.processed_data.status).toBeUndefined();
  });
});
