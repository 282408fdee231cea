/** The tutorial from "Materializers" on, planned and explained; then the spec's own examples. */
import { beforeAll, describe, expect, it } from "vitest";
import { SOURCES } from "../../examples/sources";
import { Builder } from "../driver";
import { createMemoryBackend } from "../stores/backend";
import { CUTOFF, replayUpToMaterializers, tutorialDriver } from "../testing/tutorial";
import { plannedRun, wills } from "./testing";

const PATH = "explain_tutorial_2";
const driver = tutorialDriver(PATH);
const OUTPUTS = ["amount_per_country", "saved_data"];

describe("explaining the tutorial, materializers onwards", () => {
  beforeAll(() => replayUpToMaterializers(PATH));

  it("Materializers: the loader is new, raw_data's code changed, the saver is new", async () => {
    const dr = await driver(SOURCES.materializers);
    const first = await plannedRun(dr, OUTPUTS, CUTOFF);
    expect(wills(first.plan)).toEqual({ "raw_data.loader": "execute", raw_data: "execute", processed_data: "depends", amount_per_country: "depends", saved_data: "execute" });
    expect(first.why("raw_data.loader")).toMatchObject({ reason: "new_node", causes: ["raw_data.loader"] });
    expect(first.why("raw_data")).toMatchObject({ reason: "code_changed", causes: ["raw_data", "raw_data.loader"], sameValue: true });
    expect(first.why("processed_data")).toMatchObject({ reason: "hit", causes: [] });
    expect(first.why("saved_data")).toMatchObject({ reason: "new_node", causes: ["saved_data"] });

    const second = await plannedRun(dr, OUTPUTS, CUTOFF);
    expect(Object.values(wills(second.plan))).toEqual(["hit", "hit", "hit", "hit", "hit"]);
  });

  it("Usage patterns: behaviours are reasons of their own", async () => {
    const dr = await driver(SOURCES.materializers, { defaultLoaderBehavior: "recompute", defaultSaverBehavior: "disable" });
    const run = await plannedRun(dr, OUTPUTS, CUTOFF);
    expect(run.plan["raw_data.loader"]).toEqual({ will: "execute", reason: "recompute" });
    expect(run.plan.saved_data).toEqual({ will: "execute", reason: "disable" });
    expect(run.why("raw_data")).toMatchObject({ reason: "recompute", sameValue: true });
    expect(run.why("saved_data")).toMatchObject({ reason: "disable", causes: ["saved_data"] });
  });

  it("Changing the cache format is a code change", async () => {
    const dr = await driver(SOURCES.cacheFormat);
    const run = await plannedRun(dr, ["amount_per_country"], CUTOFF);
    expect(run.plan.processed_data).toEqual({ will: "execute", reason: "code_changed" });
    expect(run.why("processed_data")).toMatchObject({ reason: "code_changed", causes: ["processed_data"] });
  });

  it("New cutoffs: each run compares with the one before, whichever driver made it", async () => {
    const dr = await driver(SOURCES.cacheFormat);
    for (const cutoff_date of ["2024-09-05", "2024-09-10"]) {
      const last = (await dr.cache.runLog.list()).at(-1)!.runId;
      const run = await plannedRun(dr, ["amount_per_country"], { cutoff_date });
      const processed = run.why("processed_data");
      expect(processed).toMatchObject({ reason: "upstream_changed", causes: ["cutoff_date"] });
      expect(processed.changed).toEqual([expect.objectContaining({ name: "cutoff_date", kind: "input" })]);
      expect(processed.comparedWith?.runId).toBe(last);
    }
  });

  it("A cleared result store: keys found, results gone", async () => {
    const dr = await driver(SOURCES.cacheFormat);
    await dr.cache.resultStore.deleteAll();
    const run = await plannedRun(dr, ["amount_per_country"], { cutoff_date: "2024-09-10" });
    expect(run.plan.raw_data).toEqual({ will: "execute", reason: "result_missing" });
    expect(run.why("raw_data")).toMatchObject({ reason: "result_missing", causes: ["raw_data"], sameValue: false });
    // Its dependants' keys are found too; their results are gone as well.
    expect(run.why("processed_data")).toMatchObject({ reason: "result_missing", causes: ["processed_data"] });
  });

  it("Managing storage: a cleared cache stores nothing under the same keys", async () => {
    const dr = await driver(SOURCES.cacheFormat);
    await dr.cache.metadataStore.deleteAll();
    await dr.cache.resultStore.deleteAll();
    const run = await plannedRun(dr, ["amount_per_country"], { cutoff_date: "2024-09-10" });
    expect(wills(run.plan)).toEqual({ raw_data: "execute", processed_data: "depends", amount_per_country: "depends" });
    expect(run.plan.raw_data.reason).toBe("not_stored");
    for (const node of ["raw_data", "processed_data", "amount_per_country"]) {
      expect(run.why(node)).toMatchObject({ reason: "not_stored", causes: [node], changed: [], sameValue: false });
    }
  });
});

describe("SPEC.md §11's examples, on a memory cache shared by drivers", () => {
  const backend = createMemoryBackend("explain-spec");
  const build = (source: string) => new Builder().withModules(source).withCache({ backend }).build();
  const BOTH = ["processed_data", "amount_per_country"];

  it("Changing code right after a run with the same inputs", async () => {
    await plannedRun(await build(SOURCES.addingNode), BOTH, CUTOFF);
    const run = await plannedRun(await build(SOURCES.changingCode), BOTH, CUTOFF);
    expect(run.why("processed_data")).toMatchObject({ reason: "code_changed", codeChanged: true, changed: [], causes: ["processed_data"] });
    const amount = run.why("amount_per_country");
    expect(amount).toMatchObject({ reason: "upstream_changed", causes: ["processed_data"] });
    expect(amount.changed).toEqual([{ name: "processed_data", kind: "dependency", before: expect.any(String), after: expect.any(String) }]);
    expect(amount.changed[0].before).not.toBe(amount.changed[0].after);
  });

  it("An edit after a run that skipped the node lists the input change too", async () => {
    await plannedRun(await build(SOURCES.changingCode), ["processed_data"], { cutoff_date: "2024-09-10" });
    const run = await plannedRun(await build(SOURCES.changingCode2), BOTH, { cutoff_date: "2024-09-10" });
    // amount_per_country compares with the run before the last, where the cutoff was 2024-09-01.
    expect(run.why("amount_per_country")).toMatchObject({ reason: "upstream_changed", causes: ["cutoff_date", "processed_data"] });
  });

  it("a fresh driver explains any run of the log, and throws on unknown names", async () => {
    const dr = await build(SOURCES.changingCode2);
    const runs = await backend.runLog.list();
    expect(dr.cache.explain("processed_data", runs[0].runId)).toMatchObject({ reason: "new_node" });
    expect(() => dr.cache.explain("nope", runs[0].runId)).toThrow(expect.objectContaining({ code: "UNKNOWN_OUTPUT" }));
    expect(() => dr.cache.explain("processed_data", "no-such-run")).toThrow(expect.objectContaining({ code: "BAD_OPTION" }));
  });
});

describe("drivers built before each other's runs, on one database", () => {
  it("compare with each other's runs", async () => {
    const build = tutorialDriver("explain_two_drivers");
    const [dr1, dr2] = await Promise.all([build(SOURCES.addingNode), build(SOURCES.changingCode)]);
    await dr1.execute(["amount_per_country"], { inputs: CUTOFF });
    await dr2.execute(["amount_per_country"], { inputs: CUTOFF });
    expect(dr2.cache.explain("processed_data")).toMatchObject({ reason: "code_changed", comparedWith: { runId: dr1.cache.lastRunId } });
    expect(dr2.cache.explain("raw_data").reason).toBe("hit");
  });
});
