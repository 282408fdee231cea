/**
 * The caching tutorial replayed with a plan before each run and an explanation after it
 * (SPEC.md §11): every `hit`/`execute` the plan promises is checked against the run.
 */
import { describe, expect, it } from "vitest";
import { SOURCES } from "../../examples/sources";
import { CUTOFF, tutorialDriver } from "../testing/tutorial";
import { plannedRun, wills } from "./testing";

const driver = tutorialDriver("explain_tutorial");
const BOTH = ["processed_data", "amount_per_country"];

describe("explaining the caching tutorial", () => {
  it("Basics: new nodes, then hits compared with the first run", async () => {
    const dr = await driver(SOURCES.basics);
    const first = await plannedRun(dr, ["processed_data"], CUTOFF);
    expect(first.plan).toEqual({ raw_data: { will: "execute", reason: "new_node" }, processed_data: { will: "execute", reason: "new_node" } });
    expect(first.why("raw_data")).toMatchObject({ reason: "new_node", causes: ["raw_data"], changed: [], codeChanged: false, sameValue: false });
    expect(first.why("raw_data").comparedWith).toBeUndefined();
    expect(first.why("cutoff_date")).toMatchObject({ reason: "input", status: "input", causes: [] });

    const second = await plannedRun(dr, ["processed_data"], CUTOFF);
    expect(wills(second.plan)).toEqual({ raw_data: "hit", processed_data: "hit" });
    const processed = second.why("processed_data");
    expect(processed).toMatchObject({ reason: "hit", status: "cached", causes: [], changed: [], codeChanged: false });
    expect(processed.comparedWith).toEqual({ runId: first.runId, cacheKey: dr.cache.cacheKeys[first.runId].processed_data });
    expect(processed.sameValue).toBeUndefined();
  });

  it("Adding a node: only the new node executes", async () => {
    const dr = await driver(SOURCES.addingNode);
    const run = await plannedRun(dr, BOTH, CUTOFF);
    expect(run.plan.amount_per_country).toEqual({ will: "execute", reason: "new_node" });
    expect(run.why("amount_per_country")).toMatchObject({ reason: "new_node", causes: ["amount_per_country"] });
    expect(run.why("processed_data").reason).toBe("hit");
  });

  it("Changing inputs: the input is the cause; a value seen before cuts off", async () => {
    const dr = await driver(SOURCES.addingNode);
    const before = dr.cache;
    const first = await plannedRun(dr, BOTH, { cutoff_date: "2024-09-11" });
    expect(wills(first.plan)).toEqual({ raw_data: "hit", processed_data: "execute", amount_per_country: "depends" });
    expect(first.plan.processed_data.reason).toBe("upstream_changed");
    const processed = first.why("processed_data");
    expect(processed).toMatchObject({ reason: "upstream_changed", codeChanged: false, causes: ["cutoff_date"], sameValue: false });
    expect(processed.changed).toEqual([
      { name: "cutoff_date", kind: "input", before: expect.any(String), after: before.dataVersions[first.runId].cutoff_date },
    ]);
    const amount = first.why("amount_per_country");
    expect(amount).toMatchObject({ reason: "upstream_changed", causes: ["cutoff_date"] });
    expect(amount.changed.map((c) => [c.name, c.kind])).toEqual([["processed_data", "dependency"]]);

    const second = await plannedRun(dr, BOTH, { cutoff_date: "2024-09-05" });
    expect(wills(second.plan)).toEqual({ raw_data: "hit", processed_data: "execute", amount_per_country: "depends" });
    // 2024-09-05 keeps the same five rows as 2024-09-01: a value the cache already held.
    expect(second.why("processed_data")).toMatchObject({ reason: "upstream_changed", causes: ["cutoff_date"], sameValue: true });
    expect(second.why("amount_per_country")).toMatchObject({ reason: "hit", causes: [] });
  });

  it("Changing code: the edited node is the cause; an edit right after an input change lists both", async () => {
    const dr = await driver(SOURCES.changingCode);
    const run = await plannedRun(dr, BOTH, CUTOFF);
    expect(run.plan).toEqual({
      raw_data: { will: "hit", reason: "hit" },
      processed_data: { will: "execute", reason: "code_changed" },
      amount_per_country: { will: "depends", reason: "upstream_changed" },
    });
    const processed = run.why("processed_data");
    expect(processed).toMatchObject({ reason: "code_changed", codeChanged: true, causes: ["cutoff_date", "processed_data"], sameValue: false });
    expect(processed.changed.map((c) => c.name)).toEqual(["cutoff_date"]);
    expect(run.why("amount_per_country")).toMatchObject({ reason: "upstream_changed", codeChanged: false, causes: ["cutoff_date", "processed_data"] });

    // The Brazil and Mexico rates: new code, but no such rows, so the value is one seen before.
    const dr2 = await driver(SOURCES.changingCode2);
    const next = await plannedRun(dr2, BOTH, CUTOFF);
    expect(wills(next.plan)).toEqual({ raw_data: "hit", processed_data: "execute", amount_per_country: "depends" });
    expect(next.why("processed_data")).toMatchObject({ reason: "code_changed", changed: [], causes: ["processed_data"], sameValue: true });
    expect(next.why("amount_per_country")).toMatchObject({ reason: "hit", changed: [], causes: [] });
    expect(next.why("amount_per_country").comparedWith?.runId).toBe(run.runId);
  });

  it("Changing external data: same code, so everything hits", async () => {
    const dr = await driver(SOURCES.changingExternal);
    const run = await plannedRun(dr, ["amount_per_country"], CUTOFF);
    expect(wills(run.plan)).toEqual({ raw_data: "hit", processed_data: "hit", amount_per_country: "hit" });
    expect(run.why("raw_data").reason).toBe("hit");
  });

  it("withCache({ recompute }): raw_data recomputes and its new rows spread", async () => {
    const dr = await driver(SOURCES.changingExternal, { recompute: ["raw_data"] });
    const run = await plannedRun(dr, ["amount_per_country"], CUTOFF);
    expect(run.plan).toEqual({
      raw_data: { will: "execute", reason: "recompute" },
      processed_data: { will: "depends", reason: "upstream_changed" },
      amount_per_country: { will: "depends", reason: "upstream_changed" },
    });
    expect(run.why("raw_data")).toMatchObject({ reason: "recompute", causes: ["raw_data"], sameValue: false });
    expect(run.why("processed_data")).toMatchObject({ reason: "upstream_changed", causes: ["raw_data"] });
    expect(run.why("amount_per_country")).toMatchObject({ reason: "upstream_changed", causes: ["raw_data"] });
  });

  it("cache({ behavior: \"recompute\" }): the same ten rows again cut off", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator);
    const run = await plannedRun(dr, ["amount_per_country"], CUTOFF);
    expect(wills(run.plan)).toEqual({ raw_data: "execute", processed_data: "depends", amount_per_country: "depends" });
    expect(run.why("raw_data")).toMatchObject({ reason: "recompute", causes: ["raw_data"], sameValue: true });
    expect(run.why("processed_data")).toMatchObject({ reason: "hit", causes: [] });
  });

  it("withCache({ default }) overrides the decorator: all hit", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator, { default: ["raw_data"] });
    const run = await plannedRun(dr, ["amount_per_country"], CUTOFF);
    expect(wills(run.plan)).toEqual({ raw_data: "hit", processed_data: "hit", amount_per_country: "hit" });
  });

  it("Force recompute all: each node is its own cause", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator, { recompute: true });
    const run = await plannedRun(dr, ["amount_per_country"], CUTOFF);
    expect(wills(run.plan)).toEqual({ raw_data: "execute", processed_data: "execute", amount_per_country: "execute" });
    for (const node of ["raw_data", "processed_data", "amount_per_country"]) {
      expect(run.why(node)).toMatchObject({ reason: "recompute", causes: [node], sameValue: true });
    }
  });

  it("Setting default behavior: disable", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator, { defaultBehavior: "disable" });
    const run = await plannedRun(dr, ["amount_per_country"], CUTOFF);
    expect(run.plan).toEqual({
      raw_data: { will: "execute", reason: "recompute" },
      processed_data: { will: "execute", reason: "disable" },
      amount_per_country: { will: "execute", reason: "disable" },
    });
    // A disabled node (or input) puts a fresh stand-in in its dependants' keys: each one changed.
    expect(run.why("processed_data").changed.map((c) => c.name)).toEqual(["cutoff_date"]);
    expect(run.why("amount_per_country")).toMatchObject({ reason: "disable", causes: ["amount_per_country", "cutoff_date", "processed_data"] });
  });
});

describe("a whole run explained, as the page asks for it", () => {
  it("credits early cutoff with the hits it saved", async () => {
    const { createMemoryBackend } = await import("../stores/backend");
    const { Builder } = await import("../driver");
    const { explainRun } = await import("./explainRun");
    const backend = createMemoryBackend("explain-run");
    const build = (source: string) => new Builder().withModules(source).withCache({ backend }).build();
    await (await build(SOURCES.changingCode)).execute(BOTH, { inputs: CUTOFF });
    const dr = await build(SOURCES.changingCode2);
    await dr.execute(BOTH, { inputs: CUTOFF });
    const explained = (await explainRun(backend, dr.cache.lastRunId!))!;
    expect(explained.nodes.processed_data).toMatchObject({ reason: "code_changed", sameValue: true });
    expect(explained.credit).toEqual({ processed_data: { nodes: ["amount_per_country"], durationMs: expect.any(Number) } });
    expect(explained.credit.processed_data.durationMs).toBeGreaterThan(0);
    expect(explained.causes).toEqual(["processed_data"]);
    expect(await explainRun(backend, "no-such-run")).toBeUndefined();
  });
});
