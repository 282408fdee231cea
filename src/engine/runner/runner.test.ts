import { describe, expect, it } from "vitest";
import { Builder, createMemoryBackend, listRuns, type CacheBackend, type CacheOptions, type Driver } from "../index";
import { errorOf } from "../testing/errors";

const CHAIN = `
export function a() { return [1, 2, 3]; }
export function b(a) { return a.map((x) => x * 2); }
export function c(b, scale = 10) { return b.reduce((s, x) => s + x, 0) * scale; }
`;

async function build(source: string, options: CacheOptions = {}, backend: CacheBackend = createMemoryBackend()): Promise<Driver> {
  return new Builder().withModules(source).withCache({ backend, ...options }).build();
}

function statuses(dr: Driver): Record<string, string> {
  return Object.fromEntries(dr.cache.viewRun().nodes.map((n) => [n.id, n.status]));
}


describe("runner", () => {
  it("runs only what the outputs need, in order, and caches it", async () => {
    const dr = await build(CHAIN);
    expect(await dr.execute(["b"])).toEqual({ b: [2, 4, 6] });
    expect(statuses(dr)).toEqual({ scale: "skipped", a: "executed", b: "executed", c: "skipped" });
    await dr.execute(["c"]);
    expect(statuses(dr)).toEqual({ scale: "input", a: "cached", b: "cached", c: "executed" });
    expect(await dr.execute(["c"])).toEqual({ c: 120 });
    expect(statuses(dr)).toMatchObject({ a: "cached", b: "cached", c: "cached" });
  });

  it("keeps a run's tags in its record, across drivers", async () => {
    const backend = createMemoryBackend();
    await (await build(CHAIN, {}, backend)).execute(["b"], { tags: { workspace: "w1" } });
    await (await build(CHAIN, {}, backend)).execute(["b"]);
    expect((await listRuns(backend)).map((r) => r.tags)).toEqual([{ workspace: "w1" }, undefined]);
  });

  it("reads no stored value that nobody consumes", async () => {
    const backend = createMemoryBackend();
    const dr = await build(CHAIN, {}, backend);
    await dr.execute(["c"]);
    const reads: string[] = [];
    const get = backend.resultStore.get.bind(backend.resultStore);
    backend.resultStore.get = (dv) => (reads.push(dv), get(dv));
    expect(await dr.execute(["c"])).toEqual({ c: 120 });
    expect(reads).toEqual([dr.cache.dataVersions[dr.cache.lastRunId!].c]);
  });

  it("default parameter values are part of the key, passed or not", async () => {
    const dr = await build(CHAIN);
    await dr.execute(["c"]);
    await dr.execute(["c"], { inputs: { scale: 10 } });
    expect(statuses(dr).c).toBe("cached");
    expect(await dr.execute(["c"], { inputs: { scale: 2 } })).toEqual({ c: 24 });
    expect(statuses(dr).c).toBe("executed");
  });

  it("early cutoff: a recomputed node returning a known value lets dependants hit", async () => {
    const backend = createMemoryBackend();
    await (await build(CHAIN, {}, backend)).execute(["c"]);
    const dr = await build(CHAIN, { recompute: ["a"] }, backend);
    await dr.execute(["c"]);
    expect(statuses(dr)).toMatchObject({ a: "executed", b: "cached", c: "cached" });
  });

  it("ignore looks constant downstream; disable makes direct dependants miss", async () => {
    const backend = createMemoryBackend();
    const ignoring = await build(CHAIN, { ignore: ["b"] }, backend);
    await ignoring.execute(["c"]);
    const changed = CHAIN.replace("x * 2", "x * 3");
    const again = await build(changed, { ignore: ["b"] }, backend);
    expect(await again.execute(["c"])).toEqual({ c: 120 }); // stale on purpose: b is ignored
    expect(statuses(again)).toMatchObject({ b: "executed", c: "cached" });
    expect(await again.cache.resultStore.has(again.cache.dataVersions[again.cache.lastRunId!].b)).toBe(false);

    const disabling = await build(CHAIN, { disable: ["b"] }, backend);
    await disabling.execute(["c"]);
    await disabling.execute(["c"]);
    expect(statuses(disabling)).toMatchObject({ a: "cached", b: "executed", c: "executed" });
  });

  it("resolves behaviours: lists, then cache(), then loader/saver defaults, then defaultBehavior", async () => {
    const source = `import { cache, dataloader, datasaver } from "sluice";
export const raw = dataloader(() => [[1], { source: "inline" }]);
export const tuned = cache({ behavior: "recompute" }, (raw) => raw);
export const plain = (tuned) => tuned;
export const saved = datasaver((plain) => ({ rows: plain.length }));`;
    const dr = await build(source, { disable: ["tuned"], defaultLoaderBehavior: "ignore", defaultSaverBehavior: "recompute", defaultBehavior: "disable" });
    await dr.execute(["saved"]);
    expect(dr.cache.resolveBehaviors()).toEqual({ "raw.loader": "ignore", raw: "ignore", tuned: "disable", plain: "disable", saved: "recompute" });
    const byDecorator = await build(source);
    await byDecorator.execute(["saved"]);
    expect(byDecorator.cache.resolveBehaviors()).toMatchObject({ raw: "default", tuned: "recompute", plain: "default" });
  });

  it("rejects bad options: a node in two lists, unknown names, unknown behaviours", async () => {
    expect((await errorOf(build(CHAIN, { recompute: ["a"], disable: ["a"] }))).code).toBe("BAD_OPTION");
    expect((await errorOf(build(CHAIN, { recompute: true, ignore: ["b"] }))).code).toBe("BAD_OPTION");
    expect((await errorOf(build(CHAIN, { recompute: ["nope"] }))).details.node).toBe("nope");
    expect((await errorOf(build(CHAIN, { defaultBehavior: "sometimes" as never }))).code).toBe("BAD_OPTION");
  });

  it("names missing inputs and unknown outputs", async () => {
    const dr = await build(`export const total = (rows, factor) => rows * factor;`);
    const missing = await errorOf(dr.execute(["total"], { inputs: { rows: 2 } }));
    expect(missing.code).toBe("MISSING_INPUT");
    expect(missing.details.input).toBe("factor");
    expect((await errorOf(dr.execute(["totl"]))).code).toBe("UNKNOWN_OUTPUT");
  });

  it("overrides replace a node for one run, skip its dependencies and are never stored", async () => {
    const dr = await build(CHAIN);
    expect(await dr.execute(["c"], { overrides: { b: [5] } })).toEqual({ c: 50 });
    expect(statuses(dr)).toMatchObject({ a: "skipped", b: "override", c: "executed" });
    expect(await dr.cache.resultStore.has(dr.cache.dataVersions[dr.cache.lastRunId!].b)).toBe(false);
  });

  it("a throwing node fails the run by name with its stack; earlier results stay stored", async () => {
    const backend = createMemoryBackend();
    const failing = await build(CHAIN.replace("return b.reduce", "throw new RangeError('bad scale'); return b.reduce"), {}, backend);
    const error = await errorOf(failing.execute(["c"]));
    expect(error.code).toBe("NODE_FAILED");
    expect(error.details.node).toBe("c");
    expect(error.details.originalStack).toContain("RangeError: bad scale");
    expect(statuses(failing)).toMatchObject({ a: "executed", b: "executed", c: "failed" });
    expect(failing.cache.logs(undefined, { level: "debug" }).c.map(String)).toContain("c::adapter::failed_execution::bad scale");
    expect(await backend.metadataStore.entries()).toHaveLength(2);

    const fixed = await build(CHAIN, {}, backend);
    await fixed.execute(["c"]);
    expect(statuses(fixed)).toMatchObject({ a: "cached", b: "cached", c: "executed" });
  });

  it("unhashable values get an event, are not stored, and make dependants miss", async () => {
    const dr = await build(`export const handler = () => () => 1;\nexport const use = (handler) => handler();`);
    await dr.execute(["use"]);
    await dr.execute(["use"]);
    expect(statuses(dr)).toMatchObject({ handler: "executed", use: "executed" });
    expect(dr.cache.dataVersions[dr.cache.lastRunId!].handler).toMatch(/^<unhashable>_/);
    expect(dr.cache.logs(undefined, { level: "debug" }).handler.map(String)).toContain("handler::adapter::unhashable_data_version");
  });

  it("a format that can't hold the value fails by node and format, storing nothing", async () => {
    const backend = createMemoryBackend();
    const dr = await build(`import { cache } from "sluice";\nexport const nested = cache({ format: "csv" }, () => ({ a: { b: 1 } }));`, {}, backend);
    const error = await errorOf(dr.execute(["nested"]));
    expect(error.code).toBe("BAD_OPTION");
    expect(error.message).toContain("nested");
    expect(error.message).toContain("csv");
    expect(await backend.metadataStore.entries()).toHaveLength(0);
  });

  it("without withCache everything executes and nothing is stored", async () => {
    const dr = await new Builder().withModules(CHAIN).build();
    await dr.execute(["c"]);
    await dr.execute(["c"]);
    expect(statuses(dr)).toMatchObject({ a: "executed", b: "executed", c: "executed" });
  });

  it("persists across drivers and reloads on one IndexedDB database, with the run log", async () => {
    const path = "persist_test";
    const first = await new Builder().withModules(CHAIN).withCache({ path }).build();
    await first.execute(["c"]);
    const second = await new Builder().withModules(CHAIN).withCache({ path }).build();
    await second.execute(["c"]);
    expect(statuses(second)).toMatchObject({ a: "cached", b: "cached", c: "cached" });
    const runs = await listRuns((await import("../index")).createIndexedDbBackend(path));
    expect(runs.map((r) => r.runId)).toEqual([first.cache.lastRunId, second.cache.lastRunId]);
    expect(runs[0].modules).toEqual([CHAIN]);
    expect(runs[1].nodes.find((n) => n.name === "c")?.status).toBe("cached");
  });
});

describe("runner failures outside node code", () => {
  it("a full disk is a STORAGE error; what was stored before stays, nothing is half-written", async () => {
    const backend = createMemoryBackend();
    const set = backend.resultStore.set.bind(backend.resultStore);
    let writes = 0;
    backend.resultStore.set = async (result) => {
      if (++writes > 1) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return set(result);
    };
    const dr = await build(CHAIN, {}, backend);
    const error = await errorOf(dr.execute(["c"]));
    expect(error.code).toBe("STORAGE");
    expect(error.message).toContain("quota");
    const entries = await backend.metadataStore.entries();
    expect(entries.map((e) => e.nodeName)).toEqual(["a"]);
    for (const entry of entries) expect(await backend.resultStore.has(entry.dataVersion)).toBe(true);
  });

  it("an aborted signal cancels the run", async () => {
    const controller = new AbortController();
    controller.abort();
    const dr = await build(CHAIN);
    expect((await errorOf(dr.execute(["c"], { signal: controller.signal }))).code).toBe("CANCELLED");
  });
});

describe("loaders reading external data", () => {
  it("a loader reading the file area re-runs under recompute and sees new data", async () => {
    const backend = createMemoryBackend();
    await backend.files.upload("sales.csv", new TextEncoder().encode("amount\n1\n2\n"));
    const source = `import { dataloader, files } from "sluice";
export const sales = dataloader(async () => [await files.read("sales.csv"), { source: "files" }]);
export const total = (sales) => sales.array("amount").reduce((a, b) => a + b, 0);`;
    const dr = await build(source, { defaultLoaderBehavior: "recompute" }, backend);
    expect(await dr.execute(["total"])).toEqual({ total: 3 });
    await backend.files.upload("sales.csv", new TextEncoder().encode("amount\n1\n2\n4\n"));
    expect(await dr.execute(["total"])).toEqual({ total: 7 });
    await dr.execute(["total"]);
    expect(statuses(dr)).toMatchObject({ "sales.loader": "executed", sales: "executed", total: "cached" });
  });

  it("fetchTable fails clearly when the network is unreachable", async () => {
    const dr = await build(`import { fetchTable } from "sluice";\nexport const remote = () => fetchTable("http://127.0.0.1:9/data.csv");`);
    const error = await errorOf(dr.execute(["remote"]));
    expect(error.code).toBe("STORAGE");
    expect(error.details.node).toBe("remote");
    expect(error.message).toMatch(/offline or blocked/);
  });
});
