import { beforeEach, describe, expect, it } from "vitest";
import type { RunDetails, RunSummary } from "../../worker/protocol";
import { addDetails, historyStore, KEPT_DETAILS, resetHistory, setRuns, setSelectedRun } from "./history";

const details = (runId: string) => ({ record: { runId, status: "succeeded" }, log: [] }) as unknown as RunDetails;
const kept = () => Object.keys(historyStore.get().details);

describe("the run records the page keeps", () => {
  beforeEach(resetHistory);

  it("stay bounded however many runs are fetched, newest kept", () => {
    for (let i = 0; i < 3 * KEPT_DETAILS; i++) addDetails(details(`run-${i}`));
    expect(kept()).toHaveLength(KEPT_DETAILS);
    expect(kept()).toContain(`run-${3 * KEPT_DETAILS - 1}`);
    expect(kept()).not.toContain("run-0");
  });

  it("keep the run on show, however old its fetch", () => {
    addDetails(details("shown"));
    setSelectedRun("shown");
    for (let i = 0; i < 2 * KEPT_DETAILS; i++) addDetails(details(`run-${i}`));
    expect(kept()).toContain("shown");
    expect(kept()).toHaveLength(KEPT_DETAILS);
  });
});

describe("listing the runs again", () => {
  beforeEach(resetHistory);
  const summary = (runId: string, status: RunSummary["status"]) =>
    ({ runId, status, startedAt: 1, outputs: [], counts: { executed: 1, cached: 0, failed: 0 } }) as RunSummary;

  it("keeps the objects of runs that did not change, and takes the changed ones", () => {
    setRuns([summary("a", "succeeded"), summary("b", "running")]);
    const [a] = historyStore.get().runs;
    setRuns([summary("a", "succeeded"), summary("b", "succeeded"), summary("c", "running")]);
    const runs = historyStore.get().runs;
    expect(runs[0]).toBe(a);
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded", "running"]);
  });
});

describe("the explanations the page keeps", () => {
  it("stay bounded however many runs are explained, newest kept", async () => {
    const { addExplanation, explainStore, KEPT_EXPLANATIONS, resetExplanations } = await import("./explain");
    resetExplanations();
    for (let i = 0; i < 3 * KEPT_EXPLANATIONS; i++) addExplanation({ runId: `run-${i}`, nodes: {} } as never);
    const kept = Object.keys(explainStore.get().runs);
    expect(kept).toHaveLength(KEPT_EXPLANATIONS);
    expect(kept.at(-1)).toBe(`run-${3 * KEPT_EXPLANATIONS - 1}`);
  });
});
