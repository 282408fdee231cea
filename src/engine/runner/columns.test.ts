import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { Builder } from "../driver";
import { createMemoryBackend } from "../stores/backend";
import { createTestPool } from "../testing/pool";
import { columnsMentioned } from "./columns";
import { createCrossings, type PackedArg, type PooledAnswer } from "./pool";
import { unpackArgs } from "./poolWorker";
import { createReturnCosts, crossingMs, worthSending } from "./pricing";

describe("only the columns a node reads cross to a worker", () => {
  it("a column counts as read when its name appears in the function as a whole word", () => {
    const reads = columnsMentioned(function stat(t: unknown) {
      const table = t as aq.ColumnTable;
      return table.rollup({ s: (d: { amount_in_usd: number }) => aq.op.sum(d.amount_in_usd) }).get("s", 0) + table.array("unit price").length;
    });
    expect(reads("amount_in_usd")).toBe(true);
    expect(reads("unit price")).toBe(true);
    // Inside a longer name, or absent: not read.
    expect(reads("amount")).toBe(false);
    expect(reads("city")).toBe(false);
    // Code it cannot see: every column may be read.
    expect(columnsMentioned(Math.max as never)("city")).toBe(true);
  });

  it("a table sent some columns has them all, in order; reading one it was not sent is noticed, even when caught", () => {
    const table = aq.table({ city: ["Oslo", "Lima", "Oslo"], amount: [1, 2.5, 3], note: ["a", "b", "c"] }).filter((d: { amount: number }) => d.amount > 1);
    const reads = Object.assign((column: string) => column === "amount", { source: "amount" });
    const crossings = createCrossings();
    const packed = crossings.pack([table], new Set(), new Map(), reads)!;
    const [arg] = structuredClone(packed.packed, { transfer: packed.transfer }) as PackedArg[];
    expect(arg).toMatchObject({ names: ["city", "amount", "note"] });
    let touched = 0;
    const [there] = unpackArgs([arg], new Map(), new Map(), () => touched++) as [aq.ColumnTable];
    expect(there.columnNames()).toEqual(["city", "amount", "note"]);
    expect(there.numRows()).toBe(2);
    expect(there.array("amount")).toEqual([2.5, 3]);
    expect(touched).toBe(0);
    expect(() => there.array("city")).toThrow(/not sent/);
    try {
      there.objects();
    } catch {
      // node code may swallow it: the flag still says so
    }
    expect(touched).toBe(2);
    // All columns: another crossing, whole.
    const all = crossings.pack([table], new Set(), new Map())!;
    expect(all.packed[0]).not.toHaveProperty("names");
  });

  it("runs read on two workers what they read on one, a node that reads through a helper or catches the refusal included", async () => {
    const source = `import * as aq from "arquero";
function sumOf(t, name) { return t.rollup({ s: aq.op.sum(name) }).get("s", 0); }
export function t() {
  return aq.table({ city: ["Oslo", "Lima", "Oslo", "Rome"], amount: [1, 2.5, 3, 4], note: ["a", "b", "c", "d"] });
}
export function total(t) { return t.rollup({ s: aq.op.sum("amount") }).get("s", 0); }
export function helped(t) { return sumOf(t, ["amo", "unt"].join("")); }
export function caught(t) {
  try { return t.array(["no", "te"].join("")).join(""); } catch { return "refused"; }
}
export function cities(t) { return t.groupby("city").count().objects(); }`;
    const outputs = ["total", "helped", "caught", "cities"];
    const run = async (pool?: ReturnType<typeof createTestPool>) => {
      const dr = await new Builder().withModules(source).withCache({ backend: createMemoryBackend() }).build();
      const values = await dr.execute(outputs, { pool });
      return { values, log: dr.cache.record()!.events.map((e) => `${e.nodeName} ${e.actor} ${e.eventType} ${String(e.value ?? "")}`) };
    };
    const serial = await run();
    expect(serial.values).toMatchObject({ total: 10.5, helped: 10.5, caught: "abcd" });
    const pool = createTestPool([source], 2);
    const pooled = await run(pool);
    expect(pooled).toEqual(serial);
    // `helped` and `caught` read a column they were not sent, and went again with all of them.
    expect(pool.resent).toBe(2);
    // Remembered: the same code is sent every column at once the next run.
    expect(await run(pool)).toEqual(serial);
    expect(pool.resent).toBe(2);
    // And priced so: its call carries the whole table, not the columns its source names.
    const big = aq.table({ amount: Float64Array.from({ length: 300_000 }), city: Array.from({ length: 300_000 }, (_, i) => `c${i % 9}`) });
    const helped = Object.assign(() => false, { source: `function helped(t) { return sumOf(t, ["amo", "unt"].join("")); }` });
    const other = Object.assign(() => false, { source: "function other(t) { return 1; }" });
    expect(pool.crossingMs!(big, () => 1, helped, "helped")).toBeGreaterThan(10 * pool.crossingMs!(big, () => 1, other, "other"));
  });

  it("a table grouped by a derived key runs its node in the realm, as on one worker", async () => {
    const source = `import * as aq from "arquero";
export function t() { return aq.table({ a: [1, 2, 3, 4, 5] }).groupby({ odd: (d) => d.a % 2 }); }
export function sums(t) { return t.rollup({ s: aq.op.sum("a") }).objects(); }`;
    const run = async (pool?: ReturnType<typeof createTestPool>) => {
      const dr = await new Builder().withModules(source).withCache({ backend: createMemoryBackend() }).build();
      return dr.execute(["sums"], { pool });
    };
    expect(await run(createTestPool([source], 2))).toEqual(await run());
  });
});

describe("what a crossing costs, by measurement and by kind", () => {
  it("JS strings cost more to encode than numbers; a column's encoding is shared by the nodes that read it", () => {
    const n = 100_000;
    const strings = aq.table({ s: Array.from({ length: n }, (_, i) => `v${i % 7}`) });
    const numbers = aq.table({ x: Array.from({ length: n }, (_, i) => i / 3) });
    expect(crossingMs(strings, 1, 2)).toBeGreaterThan(4 * crossingMs(numbers, 1, 2));
    const both = aq.table({ s: strings.array("s"), x: numbers.array("x") });
    // Twenty calls sent only `x` share its crossing; one sent both pays for both.
    expect(crossingMs(both, 20, 2, undefined, ["x"])).toBeLessThan(crossingMs(both, 1, 2, undefined, ["s", "x"]) / 10);
  });

  it("a value that came back slowly is expected to, the next time, at the cells it holds now", () => {
    const costs = createReturnCosts();
    const big = aq.table({ x: Float64Array.from({ length: 200_000 }) });
    costs.ranHere("raw", big);
    const assumed = costs.returnedMs("raw")!;
    const answer = { ok: true, packMs: 40, durationMs: 1 } as unknown as PooledAnswer;
    costs.cameBack("raw", answer, big, 0);
    expect(costs.returnedMs("raw")).toBeCloseTo(40, 5);
    expect(costs.returnedMs("raw")).toBeGreaterThan(assumed);
    // Half the cells since: half the time.
    costs.ranHere("raw", big.slice(0, 100_000));
    expect(costs.returnedMs("raw")).toBeCloseTo(20, 5);
    costs.ranHere("scalar", 3);
    expect(costs.returnedMs("scalar")).toBe(0);
  });

  it("a node's crossing is priced at the rate its tables were last encoded at, measured", () => {
    const n = 200_000;
    const strings = aq.table({ s: Array.from({ length: n }, (_, i) => `v${i % 7}`), x: Array.from({ length: n }, (_, i) => i / 3) });
    const costs = createReturnCosts();
    const estimate = crossingMs(strings, 1, 2);
    // Packed (encoded, one copy) in half the time the kinds say: priced at that.
    costs.encoded("per_country", 2 * n, estimate / 2);
    const rate = costs.crossingRate("per_country");
    const measured = crossingMs(strings, 1, 2, undefined, undefined, rate);
    expect(measured).toBeCloseTo(estimate / 2, 5);
    // Two calls sharing it, on two workers: the second worker's copy comes on top, shared.
    const copy = crossingMs(strings, 1, 1, n * 2 * 6);
    expect(crossingMs(strings, 2, 2, undefined, undefined, rate)).toBeCloseTo((estimate / 2 + copy) / 2, 5);
    expect(measured).toBeLessThan(estimate * 0.6);
    // Too few cells to be a rate: none is kept.
    costs.encoded("small", 1000, 0.01);
    expect(costs.crossingRate("small")).toBeUndefined();
  });

  it("a node is sent when its crossing costs the realm little for what it saves, or the machine no more CPU than running here", () => {
    const table = aq.table({ x: Float64Array.from({ length: 100_000 }) });
    const crossing = () => 40;
    // 100 ms here, 40 to cross: under half, it goes.
    expect(worthSending([table], 100, 0, crossing)).toBe(true);
    // 70 ms here: more than half of it to cross. It goes only if it takes little enough on a worker.
    expect(worthSending([table], 70, 0, crossing)).toBe(false);
    expect(worthSending([table], 70, 0, crossing, 0, 15)).toBe(true);
    expect(worthSending([table], 70, 0, crossing, 0, 30)).toBe(false);
    // Never cheaper to cross than to run here: it stays, however fast a worker is.
    expect(worthSending([table], 45, 0, crossing, 0, 1)).toBe(false);
  });
});
