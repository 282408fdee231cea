/**
 * The tutorial from "Materializers" to the internals, on a cache replayed up to that point.
 * From "Changing the cache format" on, raw_data serves the ten rows its recompute stored
 * (SPEC.md §3: last write wins), where the tutorial's SQLite store still serves five.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ColumnTable } from "arquero";
import { decodeKey, type Driver } from "./index";
import { SOURCES } from "../examples/sources";
import { exec, execute, hit, perCountry, replayUpToMaterializers, rounded, TEN_ROWS, tutorialDriver } from "./testing/tutorial";

const PATH = "tutorial_cache_2";
const driver = tutorialDriver(PATH);
const OUTPUTS = ["amount_per_country", "saved_data"];

describe("caching tutorial, materializers onwards", () => {
  beforeAll(() => replayUpToMaterializers(PATH));

  it("Materializers: loader and saver execute, the rest hit; then all hit", async () => {
    const dr = await driver(SOURCES.materializers);
    const first = await execute(dr, OUTPUTS);
    expect(first.lines).toEqual([exec("raw_data.loader"), exec("raw_data"), hit("processed_data"), hit("amount_per_country"), exec("saved_data")]);
    expect(perCountry(first.results.amount_per_country)).toEqual(TEN_ROWS);
    expect(first.results.saved_data).toEqual({ source: "notebook", format: "parquet" });
    const saved = await dr.cache.files.read("saved_data.parquet");
    expect(perCountry(saved)).toEqual(TEN_ROWS);

    const second = await execute(dr, OUTPUTS);
    expect(second.lines).toEqual(["raw_data.loader", "raw_data", "processed_data", "amount_per_country", "saved_data"].map(hit));
  });

  it("Usage patterns: recompute loaders, disable savers", async () => {
    const dr = await driver(SOURCES.materializers, { defaultLoaderBehavior: "recompute", defaultSaverBehavior: "disable" });
    const { results, lines } = await execute(dr, OUTPUTS);
    expect(lines).toEqual([exec("raw_data.loader"), exec("raw_data"), hit("processed_data"), hit("amount_per_country"), exec("saved_data")]);
    expect(perCountry(results.amount_per_country)).toEqual(TEN_ROWS);
    expect(dr.cache.behaviors[dr.cache.lastRunId!]).toEqual({
      amount_per_country: "default",
      processed_data: "default",
      "raw_data.loader": "recompute",
      raw_data: "recompute",
      saved_data: "disable",
      cutoff_date: "default",
    });
  });

  let formatDriver: Driver;
  it("Changing the cache format: processed_data re-executes and is stored as parquet", async () => {
    formatDriver = await driver(SOURCES.cacheFormat);
    const { results, lines } = await execute(formatDriver, ["amount_per_country"]);
    expect(lines).toEqual([hit("raw_data"), exec("processed_data"), exec("amount_per_country")]);
    expect(rounded(results.amount_per_country)).toEqual(TEN_ROWS);
    const dataVersion = formatDriver.cache.dataVersions[formatDriver.cache.lastRunId!].processed_data;
    const stored = await formatDriver.cache.resultStore.getStored(dataVersion);
    expect(stored?.format).toBe("parquet");
    const back = (await formatDriver.cache.resultStore.get(dataVersion)) as ColumnTable;
    expect(back.numRows()).toBe(10);
  });

  it("Introspecting the cache: behaviours and debug logs", async () => {
    const runId = formatDriver.cache.lastRunId!;
    expect(formatDriver.cache.resolveBehaviors(runId)).toEqual({
      amount_per_country: "default",
      processed_data: "default",
      raw_data: "default",
      cutoff_date: "default",
    });
    const debug = formatDriver.cache.logs(runId, { level: "debug" }).processed_data.map(String);
    expect(debug.slice(0, 6)).toEqual([
      "processed_data::adapter::resolve_behavior",
      "processed_data::adapter::set_cache_key",
      "processed_data::adapter::get_cache_key::hit",
      "processed_data::adapter::get_data_version::miss",
      "processed_data::metadata_store::get_data_version::miss",
      "processed_data::adapter::execute_node",
    ]);
    expect(debug).toContain("processed_data::adapter::set_data_version");
    expect(debug).toContain("processed_data::metadata_store::set_data_version");
    expect(debug).toContain("processed_data::result_store::set_result");
    expect(formatDriver.cache.viewRun().runId).toBe(runId);
  });

  let interactive: Driver;
  it("Interactively explore runs: five cutoffs", async () => {
    interactive = await driver(SOURCES.cacheFormat);
    const lines: string[][] = [];
    let last: Record<string, unknown> = {};
    for (const cutoff_date of ["2024-09-01", "2024-09-05", "2024-09-10", "2024-09-11", "2024-09-13"]) {
      const run = await execute(interactive, ["amount_per_country"], { cutoff_date });
      lines.push(run.lines);
      last = run.results;
    }
    expect(lines[0]).toEqual([hit("raw_data"), hit("processed_data"), hit("amount_per_country")]);
    // Ten rows: 2024-09-05 now drops two of them, so amount_per_country changes too.
    for (const run of lines.slice(1)) expect(run).toEqual([hit("raw_data"), exec("processed_data"), exec("amount_per_country")]);
    expect(last.amount_per_country).toEqual({});
    expect(interactive.cache.runIds).toHaveLength(5);
  });

  it("Manually retrieve results, decode keys and read metadata", async () => {
    const cache = interactive.cache;
    const fourth = cache.runIds[3];
    const processed = (await cache.resultStore.get(cache.dataVersions[fourth].processed_data)) as ColumnTable;
    expect(processed.array("cities")).toEqual(["New York", "Los Angeles"]);
    expect(processed.array("amound_in_usd")).toEqual([478.23, 251.67]);

    const third = cache.runIds[2];
    const key = cache.cacheKeys[third].amount_per_country;
    const decoded = decodeKey(key);
    expect(decoded.nodeName).toBe("amount_per_country");
    expect(decoded.codeVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(decoded.dependenciesDataVersions).toEqual({ processed_data: cache.dataVersions[third].processed_data });

    const amountVersion = await cache.metadataStore.get(key);
    expect(amountVersion).toBe(cache.dataVersions[third].amount_per_country);
    expect(rounded(await cache.resultStore.get(amountVersion!))).toEqual({ Canada: 526.9194, USA: 1719.24 });
    const dep = (await cache.resultStore.get(decoded.dependenciesDataVersions.processed_data)) as ColumnTable;
    expect(dep.array("cities")).toEqual(["New York", "Los Angeles", "Chicago", "Montréal"]);
  });

  it("Managing storage: another path is another cache; deleteAll empties one", async () => {
    const other = await tutorialDriver("my_other_cache")(SOURCES.cacheFormat);
    const fresh = await execute(other, ["amount_per_country"]);
    expect(fresh.lines).toEqual([exec("raw_data"), exec("processed_data"), exec("amount_per_country")]);

    const dr = await driver(SOURCES.cacheFormat);
    await dr.cache.metadataStore.deleteAll();
    await dr.cache.resultStore.deleteAll();
    const after = await execute(dr, ["amount_per_country"]);
    expect(after.lines).toEqual([exec("raw_data"), exec("processed_data"), exec("amount_per_country")]);
  });
});

describe("stored results as files", () => {
  it("lists the parquet result of cache({ format }) under its data version and reads it back", async () => {
    const { createIndexedDbBackend, listStoredResults, readStoredResult } = await import("./index");
    const backend = createIndexedDbBackend(PATH);
    const dr = await driver(SOURCES.cacheFormat);
    await dr.execute(["amount_per_country"], { inputs: { cutoff_date: "2024-09-01" } });
    const dataVersion = dr.cache.dataVersions[dr.cache.lastRunId!].processed_data;
    const listed = (await listStoredResults(backend)).find((r) => r.dataVersion === dataVersion);
    expect(listed).toMatchObject({ fileName: `${dataVersion}.parquet`, format: "parquet", nodeNames: ["processed_data"] });
    const file = await readStoredResult(backend, dataVersion);
    expect(file.name).toBe(`${dataVersion}.parquet`);
    expect(new TextDecoder().decode(file.bytes.slice(0, 4))).toBe("PAR1");
  });
});
