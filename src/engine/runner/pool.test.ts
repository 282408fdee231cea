import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { Builder } from "../driver";
import { createMemoryBackend } from "../stores/backend";
import { createTestPool } from "../testing/pool";
import { CALL_MS, CELLS_PER_MS, createPoolQueue, FREE_CELLS, packValue, unpackValue, worthSending } from "./pool";

describe("parallel runs", () => {
  it("a free worker takes the waiting call expected to take longest", async () => {
    const queue = createPoolQueue(1);
    const order: number[] = [];
    const first = await queue.acquire(1);
    const waiting = [5, 50, 20].map((ms) => queue.acquire(ms).then((release) => (order.push(ms), release())));
    first();
    await Promise.all(waiting);
    expect(order).toEqual([50, 20, 5]);
  });

  it("a call whose tables cost more to cross than its node took last time stays where it is", () => {
    const small = aq.table({ x: Float64Array.from({ length: 1000 }) });
    const big = aq.table({ x: Float64Array.from({ length: FREE_CELLS * 5 }) });
    expect(worthSending([small, 3], undefined)).toBe(true);
    expect(worthSending([big], undefined)).toBe(false);
    expect(worthSending([big], 25)).toBe(false);
    expect(worthSending([big], CALL_MS + (FREE_CELLS * 5) / CELLS_PER_MS)).toBe(true);
    // No arguments, but a big table came back last time: it goes only if it took longer than that.
    expect(worthSending([], 100, 4_000_000)).toBe(false);
    expect(worthSending([], CALL_MS + 4_000_000 / CELLS_PER_MS, 4_000_000)).toBe(true);
    expect(worthSending([], undefined, FREE_CELLS)).toBe(true);
    // Shorter than a call costs: it runs where it is, whatever it carries.
    expect(worthSending([small], CALL_MS / 2)).toBe(false);
    expect(worthSending([], CALL_MS * 2)).toBe(true);
  });

  it("tables cross as Arrow and come back equal, grouping kept; what is not data does not cross", () => {
    const table = aq.table({ city: ["Oslo", "Lima", "Oslo"], n: [1, 2.5, 3] }).groupby("city");
    const { packed, transfer } = packValue({ table, when: new Date(0) });
    expect(transfer.length).toBe(1);
    const back = unpackValue(structuredClone(packed, { transfer })) as { table: aq.ColumnTable; when: Date };
    expect(back.table.objects()).toEqual(table.objects());
    const crossed = unpackValue(packValue(table).packed) as aq.ColumnTable;
    expect(crossed.groups()?.names).toEqual(["city"]);
    expect(() => packValue(new (class Point {})())).toThrow();
  });

  it("independent nodes execute at once; a node that needs the file area runs in the realm", async () => {
    const source = `import * as aq from "arquero";
import { files } from "sluice";
export async function left() { await new Promise((r) => setTimeout(r, 30)); return aq.table({ x: [1, 2] }); }
export async function right() { await new Promise((r) => setTimeout(r, 30)); return aq.table({ x: [3, 4] }); }
export async function listed() { return (await files.list()).length; }
export function both(left, right, listed) { return left.concat(right).rollup({ s: aq.op.sum("x") }).get("s", 0) + listed; }`;
    const backend = createMemoryBackend("parallel");
    // A file only the realm can see: `listed` counts it only if it ran there, not on a worker.
    await backend.files.write("one.csv", aq.table({ x: [1] }));
    const dr = await new Builder().withModules(source).withCache({ backend }).build();
    const pool = createTestPool([source], 3);
    expect(await dr.execute(["both"], { pool })).toEqual({ both: 11 });
    expect(pool.mostAtOnce).toBeGreaterThanOrEqual(2);
    // Warm: every node a hit, the pool not asked.
    const again = await new Builder().withModules(source).withCache({ backend }).build();
    const warmPool = createTestPool([source], 3);
    expect(await again.execute(["both"], { pool: warmPool })).toEqual({ both: 11 });
    expect(warmPool.calls).toBe(0);
    expect(Object.values(again.cache.viewRun().nodes.map((n) => n.status))).toEqual(["cached", "cached", "cached", "cached"]);
  });

  it("a node that throws on a worker fails the run named, with what it threw", async () => {
    const source = `export function a() { return 1; }\nexport function b(a) { throw new Error("no " + a); }`;
    const dr = await new Builder().withModules(source).withCache({ backend: createMemoryBackend("throws") }).build();
    await expect(dr.execute(["b"], { pool: createTestPool([source], 2) })).rejects.toMatchObject({ code: "NODE_FAILED", message: "Node `b` failed: no 1" });
  });
  it("a run that answers early logs as on one worker: each node's events together, in node order", async () => {
    const source = `export async function a() { await new Promise((r) => setTimeout(r, 25)); return 1; }
export function b() { return 2; }
export function c() { return 3; }
export function d(a, b, c) { return a + b + c; }`;
    const logOf = async (pool?: ReturnType<typeof createTestPool>) => {
      const dr = await new Builder().withModules(source).withCache({ backend: createMemoryBackend() }).build();
      await dr.execute(["d"], { pool, onComputed: () => undefined });
      return dr.cache.record()!.events.map((e) => `${e.nodeName} ${e.actor} ${e.eventType}`);
    };
    const serial = await logOf();
    // `a` finishes last on the pool, and its events still come first, its held writes with them.
    expect(await logOf(createTestPool([source], 3))).toEqual(serial);
    expect(serial.indexOf("a result_store set_result")).toBeLessThan(serial.indexOf("b adapter resolve_behavior"));
  });
});
