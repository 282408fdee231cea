import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  Builder,
  cacheLimit,
  cacheUsage,
  createIndexedDbBackend,
  createMemoryBackend,
  evictResults,
  listRuns,
  listStoredResults,
  pinNode,
  pruneRuns,
  setCacheLimit,
  type CacheBackend,
  type Driver,
} from "./index";
import type { ColumnTable } from "arquero";
import type { DataVersion } from "./types";
import { TOUCH_EVERY_MS } from "./runner/run";
import { errorOf } from "./testing/errors";

/** Four independent nodes of known sizes (arrays of n numbers: 8 bytes each). */
const SOURCE = `
export const a = () => new Array(100).fill(1);
export const b = () => new Array(200).fill(2);
export const c = () => new Array(300).fill(3);
export const d = () => new Array(400).fill(4);
export const total = (a, b, c, d) => a.length + b.length + c.length + d.length;
`;

async function build(backend: CacheBackend, options: { keepRuns?: number } = {}, source = SOURCE): Promise<Driver> {
  return new Builder().withModules(source).withCache({ backend, ...options }).build();
}

const status = (dr: Driver, node: string) => dr.cache.viewRun().nodes.find((n) => n.id === node)?.status;
const versionOf = (dr: Driver, node: string) => dr.cache.dataVersions[dr.cache.lastRunId!][node] as DataVersion;
const versionsOf = async (backend: CacheBackend, node: string) => (await backend.metadataStore.entries()).filter((e) => e.nodeName === node).map((e) => e.dataVersion);
const stored = async (backend: CacheBackend) => new Set((await backend.resultStore.list()).map((h) => h.dataVersion as string));

/**
 * Runs the nodes one by one, the clock moving on past TOUCH_EVERY_MS after each, so their
 * last-used times are in that order (each set just after its run).
 */
async function useInOrder(dr: Driver, backend: CacheBackend, nodes: string[]): Promise<void> {
  for (const node of nodes) {
    vi.setSystemTime(Date.now() + 2 * TOUCH_EVERY_MS);
    const started = Date.now();
    await dr.execute([node]);
    const [dv] = await versionsOf(backend, node);
    await expect.poll(async () => (await backend.resultStore.list()).find((h) => h.dataVersion === dv)?.lastUsedAt ?? 0).toBeGreaterThanOrEqual(started);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A memory backend whose results may take at most `limit` bytes, failing as a full browser does. */
function limitedBackend(limit: number): CacheBackend {
  const backend = createMemoryBackend();
  const store = backend.resultStore;
  const set = store.set.bind(store);
  store.set = async (result) => {
    const used = (await store.list()).reduce((sum, h) => sum + h.byteLength, 0);
    if (used + result.byteLength > limit) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return set(result);
  };
  return backend;
}

describe("eviction", () => {
  it("to a size evicts the least recently used first, and a hit counts as a use", async () => {
    const backend = createIndexedDbBackend("evict_lru");
    const dr = await build(backend);
    await useInOrder(dr, backend, ["a", "b", "c", "d"]);
    await useInOrder(dr, backend, ["a"]); // a hit: a is now the most recent
    const before = (await cacheUsage(backend)).results.bytes;
    const b = await versionsOf(backend, "b");
    const eviction = await evictResults(backend, { toBytes: before - 1 });
    expect(eviction).toEqual({ dataVersions: b, bytes: 1600 });
    const left = await stored(backend);
    // b was least recently used: it alone goes.
    await dr.execute(["b"]);
    expect(status(dr, "b")).toBe("executed");
    expect(left.size).toBe(3);
    for (const node of ["a", "c", "d"]) {
      await dr.execute([node]);
      expect(status(dr, node)).toBe("cached");
    }
  });

  it("never evicts pinned results; by node and by age", async () => {
    const backend = createMemoryBackend();
    const dr = await build(backend);
    await useInOrder(dr, backend, ["a", "b", "c"]);
    const cutoff = Date.now();
    await useInOrder(dr, backend, ["d"]);
    const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => versionsOf(backend, n)));
    expect(await pinNode(backend, "a")).toBe(1);
    expect((await cacheUsage(backend)).results.pinned).toBe(1);

    expect((await evictResults(backend, { node: "a" })).dataVersions).toEqual([]); // pinned
    expect((await evictResults(backend, { node: "b" })).dataVersions).toEqual(b);
    // by age: c was last used before the cutoff, d after; a is pinned
    expect((await evictResults(backend, { lastUsedBefore: cutoff + 1 })).dataVersions).toEqual(c);
    expect(await stored(backend)).toEqual(new Set([...a, ...d]));
    await pinNode(backend, "a", false);
    await evictResults(backend);
    expect(await stored(backend)).toEqual(new Set());
    // Keys went with their results: every node is a miss again, none is a dangling hit.
    expect(await backend.metadataStore.entries()).toEqual([]);
  });

  it("a full disk makes room by evicting old results, never the ones this run needs", async () => {
    const backend = limitedBackend(8 * 1100);
    const dr = await build(backend);
    await useInOrder(dr, backend, ["a", "b", "c", "d"]); // 8,000 bytes of 8,800
    const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => versionsOf(backend, n)));
    // d' needs 3,200 bytes. a, b and c are older than d but this run hits them: d is what goes.
    const edited = await build(backend, {}, SOURCE.replace("fill(4)", "fill(5)"));
    expect(await edited.execute(["total"])).toEqual({ total: 1000 });
    expect(["a", "b", "c", "d"].map((n) => status(edited, n))).toEqual(["cached", "cached", "cached", "executed"]);
    expect(edited.cache.record()?.evicted).toEqual({ results: 1, bytes: 3200 }); // history says what went
    expect(await stored(backend)).toEqual(new Set([...a, ...b, ...c, versionOf(edited, "d"), versionOf(edited, "total")]));
    expect(await versionsOf(backend, "d")).toEqual([versionOf(edited, "d")]); // d's old key went with its result
    await dr.execute(["d"]);
    expect(status(dr, "d")).toBe("executed");
    // Room for the original d again: the least recently used go first now (a, then b).
    const left = await stored(backend);
    expect(left.has(d[0])).toBe(true);
    expect(left.has(a[0])).toBe(false);
  });

  it("bytes a failed write took by transfer (a store in another realm) are made again for the retry", async () => {
    const backend = createMemoryBackend();
    const source = (n: number) => `import * as aq from "arquero";
export const old = () => aq.table({ x: [0] });
export const t = () => aq.table({ x: [${n}, 2, 3], s: ["a", "b", "c"] });
export const p = () => aq.table({ y: [${n}] });
export const both = (t, p) => t.numRows() + p.numRows();`;
    await (await build(backend, {}, source(1))).execute(["old"]);
    vi.setSystemTime(Date.now() + 2 * TOUCH_EVERY_MS); // old is now the least recently used
    const store = backend.resultStore;
    const setMany = store.setMany!.bind(store);
    let refusals = 1;
    store.setMany = async (results) => {
      // As the realm's port does: the bytes leave this side before the store answers.
      const moved = results.map((r) => (r.bytes ? { ...r, bytes: structuredClone(r.bytes, { transfer: [r.bytes.buffer] }) } : r));
      if (refusals-- > 0) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return setMany(moved);
    };
    const dr = await build(backend, {}, source(7));
    expect(await dr.execute(["both"])).toEqual({ both: 4 });
    expect(dr.cache.record()?.evicted?.results).toBe(1); // old went to make room
    // Read back by a fresh driver: whole, checked bytes, not an empty body caught as corrupt.
    const again = await build(backend, {}, source(7));
    const { t } = await again.execute(["t"]);
    expect(status(again, "t")).toBe("cached");
    expect((t as ColumnTable).objects()).toEqual([{ x: 7, s: "a" }, { x: 2, s: "b" }, { x: 3, s: "c" }]);
  });

  it("when nothing may be evicted it is a STORAGE error, and the run's values come with it", async () => {
    const backend = limitedBackend(8 * 350);
    const dr = await build(backend);
    await dr.execute(["a"]);
    await pinNode(backend, "a");
    const error = await errorOf(dr.execute(["total"]));
    expect(error.code).toBe("STORAGE");
    expect(error.message).toContain("quota");
    expect(error.details.results).toEqual({ total: 1000 });
    expect(await stored(backend)).toContain(versionOf(dr, "a"));
    expect(error.toJSON().details).not.toHaveProperty("results"); // values never cross the wire
  });
});

describe("a size limit", () => {
  it("after a run that stored, the least recently used go until the results fit; never pinned, never the run's own", async () => {
    const backend = createMemoryBackend();
    expect(await cacheLimit(backend)).toEqual({ maxBytes: undefined, isDefault: true }); // no quota to share in Node
    await setCacheLimit(backend, 8 * 650);
    expect((await cacheUsage(backend)).limit).toEqual({ maxBytes: 5200, isDefault: false });
    const dr = await build(backend);
    await useInOrder(dr, backend, ["a", "b", "c"]); // 4,800 bytes: within the limit
    expect((await stored(backend)).size).toBe(3);
    await pinNode(backend, "c");
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((n) => versionsOf(backend, n)));
    await dr.execute(["d"]); // 8,000 bytes: a and b go; c is pinned, d is this run's
    await expect.poll(async () => (await stored(backend)).size).toBe(2);
    expect(await stored(backend)).toEqual(new Set([...c, versionOf(dr, "d")]));
    for (const dv of [...a, ...b]) expect(await backend.resultStore.has(dv)).toBe(false);
    await setCacheLimit(backend, undefined);
    expect((await errorOf(setCacheLimit(backend, -1))).code).toBe("BAD_OPTION");
  });
});

describe("usage and retention", () => {
  it("a run marks what it used at most once a minute per result, after it ends", async () => {
    const backend = createMemoryBackend();
    const touched: string[][] = [];
    const touch = backend.resultStore.touch!.bind(backend.resultStore);
    backend.resultStore.touch = (dvs, at) => (touched.push([...dvs]), touch(dvs, at));
    const dr = await build(backend);
    await dr.execute(["a"]);
    await dr.execute(["a"]);
    await dr.execute(["a"]); // fresh: just written, then just hit
    expect(touched).toEqual([]);
    vi.setSystemTime(Date.now() + 2 * TOUCH_EVERY_MS);
    await dr.execute(["a"]);
    await dr.execute(["a"]); // the previous run's housekeeping is done when the next one starts
    expect(touched).toEqual([await versionsOf(backend, "a")]);
  });

  it("lists sizes per node, per run and per file", async () => {
    const backend = createMemoryBackend();
    const dr = await build(backend);
    await dr.execute(["a", "b"]);
    await backend.files.upload("notes.csv", new TextEncoder().encode("x\n1\n"));
    const usage = await cacheUsage(backend);
    expect(usage.results).toEqual({ count: 2, bytes: 8 * 300, pinned: 0 });
    expect(usage.nodes.map((n) => [n.node, n.bytes])).toEqual([["b", 1600], ["a", 800]]);
    expect(usage.runs).toHaveLength(1);
    expect(usage.runs[0]).toMatchObject({ runId: dr.cache.lastRunId, results: 2, bytes: 2400 });
    expect(usage.runs[0].recordBytes).toBeGreaterThan(100);
    expect(usage.files).toEqual([expect.objectContaining({ name: "notes.csv", size: 4 })]);
    expect(usage.totalBytes).toBe(2400 + usage.runs[0].recordBytes + 4);
  });

  it("the Files panel's listing reads only the keys of the results it lists", async () => {
    const backend = createMemoryBackend();
    const dr = await build(backend);
    await useInOrder(dr, backend, ["a", "b", "c"]);
    backend.metadataStore.entries = () => Promise.reject(new Error("read every key"));
    const listed = await listStoredResults(backend, { limit: 2 });
    expect(listed.map((r) => r.nodeNames)).toEqual([["c"], ["b"]]);
  });

  it("keeps the last N runs (keepRuns), oldest deleted first", async () => {
    vi.useRealTimers(); // runs are ordered by when they started
    const backend = createIndexedDbBackend("retention");
    const dr = await build(backend, { keepRuns: 3 });
    for (let i = 0; i < 5; i++) await dr.execute(["a"]);
    // Retention runs after each run, off its critical path.
    await expect.poll(async () => (await listRuns(backend)).map((r) => r.runId)).toEqual(dr.cache.runIds.slice(-3));
    const runs = await listRuns(backend);
    expect(await pruneRuns(backend, 1)).toBe(runs.length - 1);
    expect((await listRuns(backend)).map((r) => r.runId)).toEqual([dr.cache.lastRunId]);
    expect((await errorOf(build(backend, { keepRuns: 0 }))).code).toBe("BAD_OPTION");
  });
});
