/** Regressions found in review: names, grouped and odd tables, failures after a node returns. */
import { describe, expect, it } from "vitest";
import type { ColumnTable } from "arquero";
import { Builder, createMemoryBackend, type CacheBackend, type Driver } from "../index";
import { errorOf } from "../testing/errors";

async function build(source: string, backend: CacheBackend = createMemoryBackend()): Promise<Driver> {
  return new Builder().withModules(source).withCache({ backend }).build();
}

const statusOf = (dr: Driver, node: string) => dr.cache.viewRun().nodes.find((n) => n.id === node)?.status;


describe("edge cases", () => {
  it("nodes and inputs named like Object.prototype members are ordinary names", async () => {
    const dr = await build(`export const valueOf = () => 1;\nexport const b = (valueOf, toString) => valueOf + toString;`);
    expect((await errorOf(dr.execute(["b"]))).code).toBe("MISSING_INPUT");
    expect(await dr.execute(["b", "valueOf"], { inputs: { toString: 2 } })).toEqual({ b: 3, valueOf: 1 });
  });

  it("a grouped table keeps its grouping through the cache, and grouping is part of its version", async () => {
    const source = (total: string) => `import * as aq from "arquero";
export const g = () => aq.table({ k: ["x", "x", "y"], v: [1, 2, 3] }).groupby("k");
export const s = (g) => g.rollup({ ${total}: aq.op.sum("v") }).orderby("k");`;
    const backend = createMemoryBackend();
    const first = await build(source("t"), backend);
    expect(((await first.execute(["s"])).s as ColumnTable).objects()).toEqual([{ k: "x", t: 3 }, { k: "y", t: 3 }]);
    const edited = await build(source("total"), backend);
    const result = (await edited.execute(["s"])).s as ColumnTable;
    expect(statusOf(edited, "g")).toBe("cached");
    expect(result.objects()).toEqual([{ k: "x", total: 3 }, { k: "y", total: 3 }]);

    const ungrouped = await build(`import * as aq from "arquero";\nexport const g = () => aq.table({ k: ["x", "x", "y"], v: [1, 2, 3] });`, backend);
    await ungrouped.execute(["g"]);
    expect(ungrouped.cache.dataVersions[ungrouped.cache.lastRunId!].g).not.toBe(first.cache.dataVersions[first.cache.lastRunId!].g);
  });

  it("tables Arrow can't hold faithfully are fingerprinted cell by cell", async () => {
    const dr = await build(`import * as aq from "arquero";
export const mixed = () => aq.table({ a: [1, "x"] });
export const maps = (n = 1) => aq.table({ m: [new Map([[n, 2]])] });
export const fns = () => aq.table({ f: [() => 1] });
export const objects = (extra = false) => aq.table({ o: extra ? [{ a: 1, b: null }, { b: 2 }] : [{ a: 1 }, { b: 2 }] });`);
    await dr.execute(["mixed"]);
    expect(statusOf(dr, "mixed")).toBe("executed");
    await dr.execute(["mixed"]);
    expect(statusOf(dr, "mixed")).toBe("cached");
    await dr.execute(["maps"]);
    const one = dr.cache.dataVersions[dr.cache.lastRunId!].maps;
    await dr.execute(["maps"], { inputs: { n: 3 } });
    expect(dr.cache.dataVersions[dr.cache.lastRunId!].maps).not.toBe(one);
    await dr.execute(["objects"]);
    const objects = dr.cache.dataVersions[dr.cache.lastRunId!].objects;
    await dr.execute(["objects"], { inputs: { extra: true } });
    expect(dr.cache.dataVersions[dr.cache.lastRunId!].objects).not.toBe(objects); // {a:1} vs {a:1, b:null}
    await dr.execute(["objects"]);
    expect(statusOf(dr, "objects")).toBe("cached");
    expect(((await dr.execute(["objects"])).objects as ColumnTable).objects()).toEqual([{ o: { a: 1 } }, { o: { b: 2 } }]);
    await dr.execute(["fns"]);
    expect(dr.cache.dataVersions[dr.cache.lastRunId!].fns).toMatch(/^<unhashable>_/);
  });

  it("a failure after the node returned (its format) marks it failed and logs failed_execution", async () => {
    const dr = await build(`import { cache } from "sluice";\nexport const nested = cache({ format: "csv" }, () => ({ a: { b: 1 } }));`);
    const error = await errorOf(dr.execute(["nested"]));
    expect(error.code).toBe("BAD_OPTION");
    expect(error.details.node).toBe("nested");
    expect(statusOf(dr, "nested")).toBe("failed");
    expect(dr.cache.logs(undefined, { level: "debug" }).nested.map(String).some((l) => l.startsWith("nested::adapter::failed_execution"))).toBe(true);
  });

  it("cache() options from constants are checked when the module runs", async () => {
    const error = await errorOf(build(`import { cache } from "sluice";\nconst B = "bogus";\nexport const a = cache({ behavior: B }, () => 1);`));
    expect(error.code).toBe("BAD_OPTION");
    expect(error.details.node).toBe("a");
  });

  it("cache(options, namedFunction) is a node whose code version covers the named function", async () => {
    const source = (k: number) => `import { cache } from "sluice";\nfunction load(n) { return n * ${k}; }\nexport const a = cache({ behavior: "recompute" }, load);`;
    const one = await build(source(2));
    expect(await one.execute(["a"], { inputs: { n: 2 } })).toEqual({ a: 4 });
    const two = await build(source(3));
    await two.execute(["a"], { inputs: { n: 2 } });
    expect(two.cache.codeVersions[two.cache.lastRunId!].a).not.toBe(one.cache.codeVersions[one.cache.lastRunId!].a);
  });

  it("requesting an optional input that was not given returns undefined", async () => {
    const dr = await build(`export const a = (limit = 10) => limit * 2;`);
    expect(await dr.execute(["a", "limit"])).toEqual({ a: 20, limit: undefined });
  });
});

describe("stopped runs", () => {
  it("a run is in history from its start; a run whose worker died is closed by markRunStopped", async () => {
    const { listRuns, markRunStopped } = await import("../index");
    const backend = createMemoryBackend();
    let release!: () => void;
    (globalThis as Record<string, unknown>).__sluiceGate = new Promise<void>((resolve) => (release = resolve));
    const dr = await build(`export const a = () => 1;\nexport const spin = async (a) => { await globalThis.__sluiceGate; return a; };`, backend);
    const running = dr.execute(["spin"]);
    await expect.poll(async () => (await listRuns(backend)).map((r) => r.status)).toEqual(["running"]);
    const [record] = await listRuns(backend);
    const stopped = await markRunStopped(backend, record.runId, { a: { status: "executed", dataVersion: "fp1_x" }, spin: { status: "running" } });
    expect(stopped?.status).toBe("cancelled");
    expect(Object.fromEntries(stopped!.nodes.map((n) => [n.name, n.status]))).toEqual({ a: "executed", spin: "failed" });
    expect(stopped!.nodes.find((n) => n.name === "spin")!.error?.code).toBe("CANCELLED");
    expect(stopped!.nodes.find((n) => n.name === "a")!.dataVersion).toBe("fp1_x");
    release();
    await running;
    // A run that did end writes its own record; closing it again changes nothing.
    expect((await markRunStopped(backend, record.runId, {}))?.status).toBe("succeeded");
  });
});

describe("tables Arrow refuses", () => {
  it("a table with an Invalid Date is stored as data and served from the cache", async () => {
    const dr = await build(`import * as aq from "arquero";\nexport const t = () => aq.table({ c: [new Date(NaN), new Date(0)] });`);
    await dr.execute(["t"]);
    const back = (await dr.execute(["t"])).t as ColumnTable;
    expect(statusOf(dr, "t")).toBe("cached");
    expect(Array.from(back.array("c") as Date[], (d) => d.getTime())).toEqual([NaN, 0]);
  });
});
