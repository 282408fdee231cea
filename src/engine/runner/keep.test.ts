import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { Builder, createIndexedDbBackend, createKeptValues, type CacheBackend, type ExecuteOptions, type KeptValues } from "../index";
import { fingerprint } from "../versioning/fingerprint";

const source = (rate: number) => `import * as aq from "arquero";
export function raw() { return aq.table({ city: ["Oslo", "Lima", "Oslo"], amount: [10, 20, 30] }); }
export function converted(raw) { return raw.derive({ usd: (d) => d.amount * ${rate} }); }
export function total(converted) { return converted.rollup({ s: aq.op.sum("usd") }).get("s", 0); }
export function amounts(raw) { return raw.rollup({ s: aq.op.sum("amount") }).get("s", 0); }
export function poke(raw) { raw.column("amount")[0] = 1000; return 1; }
export function settings() { return { rates: { NOK: 0.1 }, list: [1, 2] }; }
export function tweak(settings) { settings.rates.NOK = 99; settings.list.push(3); return settings.list.length; }
export function nok(settings) { return settings.rates.NOK * settings.list.length; }
`;

let databases = 0;

/** An IndexedDB backend (fake-indexeddb) whose body reads are counted by data version. */
function watchedBackend(): { backend: CacheBackend; reads: string[] } {
  const backend = createIndexedDbBackend(`keep_test_${databases++}`);
  const reads: string[] = [];
  const get = backend.resultStore.get.bind(backend.resultStore);
  backend.resultStore.get = (dataVersion) => {
    reads.push(dataVersion);
    return get(dataVersion);
  };
  return { backend, reads };
}

/** What the compute realm passes to every run (realm/compute.ts). */
const hooks = (kept: KeptValues): ExecuteOptions => ({ keepValue: (_node, dv, value) => kept.keep(dv, value), heldValue: kept.get });

async function run(backend: CacheBackend, rate: number, outputs: string[], options: ExecuteOptions) {
  const dr = await new Builder().withModules(source(rate)).withCache({ backend }).build();
  const results = await dr.execute(outputs, options);
  const statuses = Object.fromEntries(dr.cache.record().nodes.map((n) => [n.name, n.status]));
  const versions = Object.fromEntries(dr.cache.record().nodes.map((n) => [n.name, n.dataVersion]));
  return { results, statuses, versions };
}

describe("values kept between runs (runner/keep.ts)", () => {
  it("a re-run after a code edit gives the re-executed node the kept value: no body is read", async () => {
    const { backend, reads } = watchedBackend();
    const kept = createKeptValues();
    const first = await run(backend, 0.5, ["total"], hooks(kept));
    expect(first.results).toEqual({ total: 30 });

    const edited = await run(backend, 2, ["total"], hooks(kept));
    expect(edited.statuses).toMatchObject({ raw: "cached", converted: "executed", total: "executed" });
    expect(edited.results).toEqual({ total: 120 });
    expect(reads).toEqual([]);

    // Without the kept value, the same edit reads raw's body (what the test above avoids).
    const again = await run(backend, 3, ["total"], {});
    expect(again.results).toEqual({ total: 180 });
    expect(reads).toEqual([first.versions.raw]);
  });

  it("a table a node changes in place is a copy: the next run gets the kept table intact", async () => {
    const { backend, reads } = watchedBackend();
    const kept = createKeptValues();
    await run(backend, 1, ["amounts"], hooks(kept));
    const poked = await run(backend, 1, ["poke"], hooks(kept));
    expect(poked.statuses).toMatchObject({ raw: "cached", poke: "executed" });
    const after = await run(backend, 1, ["amounts", "raw"], hooks(kept));
    expect(after.statuses).toMatchObject({ raw: "cached", amounts: "cached" });
    expect(after.results.amounts).toBe(60);
    // The kept table still fingerprints to the version its key names: what a read would give.
    expect((await fingerprint(after.results.raw)).dataVersion).toBe(after.versions.raw);
    expect(reads).toEqual([]);
  });

  it("data read back is kept, and the node that reads it is given a copy", async () => {
    const { backend, reads } = watchedBackend();
    await run(backend, 1, ["settings"], {}); // stored, nothing kept
    const kept = createKeptValues();
    const tweaked = await run(backend, 1, ["tweak"], hooks(kept));
    expect(tweaked.statuses).toMatchObject({ settings: "cached", tweak: "executed" });
    expect(reads).toHaveLength(1);
    // nok first runs now, over the kept settings: as stored, not as tweak left its argument.
    const after = await run(backend, 1, ["nok"], hooks(kept));
    expect(after.statuses).toMatchObject({ settings: "cached", nok: "executed" });
    expect(after.results).toEqual({ nok: 0.2 });
    expect(reads).toHaveLength(1);
  });

  it("data a node changes in place is a copy: the next run gets the kept value intact", async () => {
    const { backend, reads } = watchedBackend();
    const kept = createKeptValues();
    await run(backend, 1, ["settings"], hooks(kept));
    const tweaked = await run(backend, 1, ["tweak"], hooks(kept));
    expect(tweaked.statuses).toMatchObject({ settings: "cached", tweak: "executed" });
    expect(tweaked.results).toEqual({ tweak: 3 });
    // A node that first runs now is given settings as stored, not as `tweak` left its copy.
    const after = await run(backend, 1, ["nok", "settings"], hooks(kept));
    expect(after.statuses).toMatchObject({ settings: "cached", nok: "executed" });
    expect(after.results).toEqual({ nok: 0.2, settings: { rates: { NOK: 0.1 }, list: [1, 2] } });
    expect(reads).toEqual([]);
  });

  it("keeps within its byte budget, least recently used out first", () => {
    const rows = (n: number) => aq.table({ x: Array.from({ length: n }, (_, i) => i) });
    const kept = createKeptValues(20_000);
    const versioned = async (dv: string, t: aq.ColumnTable) => {
      await fingerprint(t); // kinds come from the fingerprint, as in a run
      kept.keep(dv, t);
    };
    return (async () => {
      await versioned("a", rows(1000)); // ~8 KB
      await versioned("b", rows(1000));
      expect(kept.get("a")).toBeDefined(); // a is now the most recently used
      await versioned("c", rows(1000));
      expect(kept.get("b")).toBeUndefined();
      expect(kept.get("a")).toBeDefined();
      expect(kept.get("c")).toBeDefined();
      expect(kept.bytes).toBeLessThanOrEqual(20_000);
      await versioned("big", rows(5000)); // over the whole budget: not kept, nothing evicted for it
      expect(kept.get("big")).toBeUndefined();
      expect(kept.get("a")).toBeDefined();
    })();
  });

  it("keeps only what it can guard: not filtered tables, Date or typed-array columns, class instances", async () => {
    const kept = createKeptValues();
    const candidates: Record<string, unknown> = {
      filtered: aq.table({ x: [1, 2, 3] }).filter((d) => d.x > 1),
      dates: aq.table({ d: [new Date(0)] }),
      typed: aq.table({ x: new Float64Array([1, 2]) }),
      instance: new (class Box {})(),
    };
    for (const [dv, value] of Object.entries(candidates)) {
      await fingerprint(value).catch(() => undefined);
      kept.keep(dv, value);
      expect(kept.get(dv), dv).toBeUndefined();
    }
    const plain = aq.table({ x: [1, 2, 3] });
    await fingerprint(plain);
    kept.keep("plain", plain);
    const given = kept.get("plain")!.value as aq.ColumnTable;
    expect(given).not.toBe(plain); // its own lazily cached indices, over its own column arrays
    expect(given.array("x")).toEqual([1, 2, 3]);
    expect(given.column("x")).not.toBe(plain.column("x"));
    expect(Object.isFrozen(plain.column("x"))).toBe(false);
    // An output or a preview is no node's argument: the kept table itself, nothing copied.
    expect(kept.get("plain", "output")).toEqual({ value: plain });
    // Strings with a lone surrogate are strings all the same: immutable, kept, given as they were.
    const lone = aq.table({ s: ["ok", "a\ud800"] });
    await fingerprint(lone);
    kept.keep("lone", lone);
    expect((kept.get("lone")!.value as aq.ColumnTable).array("s")).toEqual(["ok", "a\ud800"]);
  });
});
