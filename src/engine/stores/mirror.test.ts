import { describe, expect, it } from "vitest";
import { Builder, createIndexedDbBackend, withMirror, type CacheBackend } from "../index";

/** `raw` reads a module constant (not part of its code version), as in the tutorial's external data. */
const source = (data: number[]) => `import * as aq from "arquero";
const DATA = ${JSON.stringify(data)};
export function raw() { return aq.table({ x: DATA }); }
export function total(raw) { return raw.rollup({ s: aq.op.sum("x") }).get("s", 0); }`;

let next = 0;
const fresh = () => `mirror-test-${Date.now()}-${next++}`;

async function run(backend: CacheBackend, code: string, recompute: string[] = []) {
  const dr = await new Builder().withModules(code).withCache({ backend, recompute }).build();
  const results = await dr.execute(["total"]);
  const id = dr.cache.lastRunId!;
  const record = dr.cache.record();
  const statuses = Object.fromEntries(record!.nodes.map((n) => [n.name, n.status]));
  return { results, statuses, logs: dr.cache.logs(id, { level: "debug" }) };
}

/** Counts the IndexedDB reads a prefetch would make. */
function countReads(inner: CacheBackend): { reads: number } {
  const counter = { reads: 0 };
  const { metadataStore: m, resultStore: r } = inner;
  const entriesFor = m.entriesFor!.bind(m);
  const headers = r.headers!.bind(r);
  m.entriesFor = (names) => (counter.reads++, entriesFor(names));
  r.headers = (versions) => (counter.reads++, headers(versions));
  return counter;
}

/** Until `ok()` holds (a notice between tabs arrives in a later task). */
async function until(ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("timed out");
}

describe("the metadata mirror", () => {
  it("serves a warm run's prefetch from memory, with the same hits", async () => {
    const inner = createIndexedDbBackend(fresh());
    const mirrored = withMirror(inner);
    expect((await run(mirrored, source([1, 2, 3]))).statuses).toMatchObject({ raw: "executed", total: "executed" });
    expect(await mirrored.mirrorReady()).toBe(true);
    const counter = countReads(inner);
    const warm = await run(mirrored, source([1, 2, 3]));
    expect(warm.statuses).toMatchObject({ raw: "cached", total: "cached" });
    expect(warm.results.total).toBe(6);
    expect(counter.reads).toBe(0);
  });

  it("follows another tab's writes: a refreshed key is served fresh once heard", async () => {
    const name = fresh();
    const tabA = withMirror(createIndexedDbBackend(name));
    const tabB = withMirror(createIndexedDbBackend(name));
    await run(tabA, source([1, 2, 3]));
    expect(await tabA.mirrorReady()).toBe(true);
    expect((await run(tabA, source([1, 2, 3]))).statuses.raw).toBe("cached");
    // Tab B recomputes `raw` on changed data: the same key now names the new value (SPEC.md §3).
    expect((await run(tabB, source([10, 20]), ["raw"])).results.total).toBe(30);
    await until(async () => (await run(tabA, source([1, 2, 3]))).results.total === 30);
    const after = await run(tabA, source([1, 2, 3]));
    expect(after.statuses).toMatchObject({ raw: "cached", total: "cached" });
    expect(after.results.total).toBe(30);
  });

  it("a result deleted behind its back (no notice) is found missing when read, and computed again", async () => {
    const inner = createIndexedDbBackend(fresh());
    const mirrored = withMirror(inner);
    await run(mirrored, source([1, 2, 3]));
    expect(await mirrored.mirrorReady()).toBe(true);
    // Straight to IndexedDB, as a writer that tells nobody would.
    await inner.resultStore.deleteAll();
    const again = await run(mirrored, source([1, 2, 3]));
    expect(again.results.total).toBe(6);
    expect(again.statuses.total).toBe("executed");
    expect(again.logs.total.map(String)).toContain("total::result_store::missing_result");
  });

  it("keeps step with writes made through it, the Cache panel's included", async () => {
    const inner = createIndexedDbBackend(fresh());
    const mirrored = withMirror(inner);
    await run(mirrored, source([1, 2, 3]));
    expect(await mirrored.mirrorReady()).toBe(true);
    await mirrored.metadataStore.deleteAll();
    await mirrored.resultStore.deleteAll();
    expect(await mirrored.runMetadata!(["raw", "total"])).toEqual({ entries: [], results: [] });
    expect((await run(mirrored, source([1, 2, 3]))).statuses).toMatchObject({ raw: "executed", total: "executed" });
    const read = await mirrored.runMetadata!(["raw", "total"]);
    expect(read?.entries.map((e) => e.nodeName).sort()).toEqual(["raw", "total"]);
    expect(read?.results).toHaveLength(2);
  });

  it("a write that fails leaves it unloaded until read again, never half-applied", async () => {
    const inner = createIndexedDbBackend(fresh());
    const mirrored = withMirror(inner);
    await run(mirrored, source([1, 2, 3]));
    expect(await mirrored.mirrorReady()).toBe(true);
    const setMany = inner.metadataStore.setMany!.bind(inner.metadataStore);
    inner.metadataStore.setMany = async () => {
      throw new Error("disk full");
    };
    await expect(mirrored.metadataStore.setMany!([])).rejects.toThrow("disk full");
    inner.metadataStore.setMany = setMany;
    expect(await mirrored.mirrorReady()).toBe(true);
    expect((await run(mirrored, source([1, 2, 3]))).statuses).toMatchObject({ raw: "cached", total: "cached" });
  });
});
