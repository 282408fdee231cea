/**
 * The caching tutorial (seed/caching-tutorial.txt), section by section, against one IndexedDB
 * database, as its drivers share `./.hamilton_cache`. Each step checks the `info` log lines the
 * tutorial prints and the values it shows. The one deliberate difference (SPEC.md §3: a recompute
 * refreshes the metadata) shows from "Changing the cache format" on: raw_data serves ten rows.
 */
import { describe, expect, it } from "vitest";
import type { ColumnTable } from "arquero";
import { decodeKey, encodeKey } from "./index";
import { SOURCES } from "../examples/sources";
import { exec, execute, hit, perCountry, TEN_ROWS, tutorialDriver } from "./testing/tutorial";

const driver = tutorialDriver("tutorial_cache");

describe("caching tutorial", () => {
  it("Basics: first run executes, second run hits", async () => {
    const dr = await driver(SOURCES.basics);
    const first = await execute(dr, ["processed_data"]);
    expect(first.lines).toEqual([exec("raw_data"), exec("processed_data")]);
    const table = first.results.processed_data as ColumnTable;
    expect(table.array("cities")).toEqual(["New York", "Los Angeles", "Chicago", "Montréal", "Vancouver"]);
    expect(Array.from(table.array("amound_in_usd") as number[], (v) => Number(v.toFixed(4)))).toEqual([478.23, 251.67, 989.34, 541.7622, 426.7288]);
    expect(dr.cache.viewRun().nodes.map((n) => [n.id, n.status])).toEqual([
      ["cutoff_date", "input"],
      ["raw_data", "executed"],
      ["processed_data", "executed"],
    ]);

    const second = await execute(dr, ["processed_data"]);
    expect(second.lines).toEqual([hit("raw_data"), hit("processed_data")]);
    expect((second.results.processed_data as ColumnTable).objects()).toEqual(table.objects());
    expect(dr.cache.viewRun().nodes.filter((n) => n.kind !== "input").map((n) => n.status)).toEqual(["cached", "cached"]);
  });

  it("Understanding the cache_key: keys decode to name, code version and dependency versions", async () => {
    const dr = await driver(SOURCES.basics);
    await execute(dr, ["processed_data"]);
    const runId = dr.cache.lastRunId!;
    const raw = decodeKey(dr.cache.cacheKeys[runId].raw_data);
    expect(raw).toEqual({ nodeName: "raw_data", codeVersion: dr.cache.codeVersions[runId].raw_data, dependenciesDataVersions: {} });
    expect(raw.codeVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(encodeKey(raw)).toBe(dr.cache.cacheKeys[runId].raw_data);
    const processed = decodeKey(dr.cache.cacheKeys[runId].processed_data);
    expect(processed.dependenciesDataVersions).toEqual({
      cutoff_date: dr.cache.dataVersions[runId].cutoff_date,
      raw_data: dr.cache.dataVersions[runId].raw_data,
    });
  });

  it("Adding a node: only amount_per_country executes", async () => {
    const dr = await driver(SOURCES.addingNode);
    const { results, lines } = await execute(dr, ["processed_data", "amount_per_country"]);
    expect(lines).toEqual([hit("raw_data"), hit("processed_data"), exec("amount_per_country")]);
    expect(perCountry(results.amount_per_country)).toEqual({ Canada: 968.491, USA: 1719.24 });
  });

  it("Changing inputs: a new cutoff re-executes, a value seen before cuts off", async () => {
    const dr = await driver(SOURCES.addingNode);
    const first = await execute(dr, ["processed_data", "amount_per_country"], { cutoff_date: "2024-09-11" });
    expect(first.lines).toEqual([hit("raw_data"), exec("processed_data"), exec("amount_per_country")]);
    expect(perCountry(first.results.amount_per_country)).toEqual({ USA: 729.9 });

    const second = await execute(dr, ["processed_data", "amount_per_country"], { cutoff_date: "2024-09-05" });
    expect(second.lines).toEqual([hit("raw_data"), exec("processed_data"), hit("amount_per_country")]);
    expect(perCountry(second.results.amount_per_country)).toEqual({ Canada: 968.491, USA: 1719.24 });
  });

  it("Changing code: the edited node and its new value re-execute; an equal value cuts off", async () => {
    const dr1 = await driver(SOURCES.changingCode);
    const first = await execute(dr1, ["processed_data", "amount_per_country"]);
    expect(first.lines).toEqual([hit("raw_data"), exec("processed_data"), exec("amount_per_country")]);
    expect(perCountry(first.results.amount_per_country)).toEqual({ Canada: 941.957, USA: 1719.24 });

    const dr2 = await driver(SOURCES.changingCode2);
    const second = await execute(dr2, ["processed_data", "amount_per_country"]);
    expect(second.lines).toEqual([hit("raw_data"), exec("processed_data"), hit("amount_per_country")]);
    expect(perCountry(second.results.amount_per_country)).toEqual({ Canada: 941.957, USA: 1719.24 });
    expect((second.results.processed_data as ColumnTable).objects()).toEqual((first.results.processed_data as ColumnTable).objects());
  });

  it("Changing external data: unchanged code serves the stale rows", async () => {
    const dr = await driver(SOURCES.changingExternal);
    const { results, lines } = await execute(dr, ["amount_per_country"]);
    expect(lines).toEqual([hit("raw_data"), hit("processed_data"), hit("amount_per_country")]);
    expect(perCountry(results.amount_per_country)).toEqual({ Canada: 941.957, USA: 1719.24 });
  });

  it(".withCache({ recompute }) reads the new data", async () => {
    const dr = await driver(SOURCES.changingExternal, { recompute: ["raw_data"] });
    const { results, lines } = await execute(dr, ["amount_per_country"]);
    expect(lines).toEqual([exec("raw_data"), exec("processed_data"), exec("amount_per_country")]);
    expect(perCountry(results.amount_per_country)).toEqual(TEN_ROWS);
  });

  it("cache({ behavior: \"recompute\" }): raw_data executes, the rest hit", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator);
    const { results, lines } = await execute(dr, ["amount_per_country"]);
    expect(lines).toEqual([exec("raw_data"), hit("processed_data"), hit("amount_per_country")]);
    expect(perCountry(results.amount_per_country)).toEqual(TEN_ROWS);
  });

  it("withCache({ default }) overrides cache({ behavior })", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator, { default: ["raw_data"] });
    const { lines } = await execute(dr, ["amount_per_country"]);
    expect(lines).toEqual([hit("raw_data"), hit("processed_data"), hit("amount_per_country")]);
  });

  it("Force recompute all", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator, { recompute: true });
    const { results, lines } = await execute(dr, ["amount_per_country"]);
    expect(lines).toEqual([exec("raw_data"), exec("processed_data"), exec("amount_per_country")]);
    expect(perCountry(results.amount_per_country)).toEqual(TEN_ROWS);
  });

  it("Setting default behavior: disable makes caching opt-in", async () => {
    const dr = await driver(SOURCES.changingExternalDecorator, { defaultBehavior: "disable" });
    const { results, lines } = await execute(dr, ["amount_per_country"]);
    expect(lines).toEqual([exec("raw_data"), exec("processed_data"), exec("amount_per_country")]);
    expect(perCountry(results.amount_per_country)).toEqual(TEN_ROWS);
    expect(dr.cache.behaviors[dr.cache.lastRunId!]).toEqual({
      amount_per_country: "disable",
      processed_data: "disable",
      raw_data: "recompute",
      cutoff_date: "disable",
    });
  });
});
