import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { Builder } from "../driver";
import { createMemoryBackend } from "../stores/backend";
import { createTestPool } from "../testing/pool";
import { nodeSubject } from "../formats/errors";
import { tableToMarker } from "../formats/native";
import { ipcToTable } from "../formats/arrow";
import { decodeResult, encodeResult } from "../formats";
import { isViewMarker, noteStoredTable } from "./views";
import { createCrossings, packValue, unpackValue, type NodePool } from "./pool";
import { unpackArgs } from "./poolWorker";
import { BYTES_PER_MS, CALL_MS, CELLS_PER_MS, crossingMs, FREE_CELLS, SEND_SHARE, worthSending } from "./pricing";
import { callsToCover, createPoolQueue } from "./queue";

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

  it("posts enough waiting calls to keep each worker busy for as long as the realm will be taken", () => {
    expect(callsToCover([30, 20, 20, 10, 10, 5], [0, 0], 40)).toBe(4);
    // A worker already that busy gets none; an unknown duration counts as the whole cover.
    expect(callsToCover([30, 20], [50, 50], 40)).toBe(0);
    expect(callsToCover([Infinity, Infinity, Infinity], [0, 0], 40)).toBe(2);
    expect(callsToCover([], [0, 0], 40)).toBe(0);
    // A worker at four times the other's pace is given about four times the calls.
    const stats = Array.from({ length: 20 }, () => 20);
    expect(callsToCover(stats, [0, 0], 60)).toBe(6);
    expect(callsToCover(stats, [0, 0], 60, [0.25, 1])).toBe(15);
  });

  it("the realm, about to be taken, starts the longest waiting calls at once, whatever the workers' load", async () => {
    const queue = createPoolQueue(1);
    const order: number[] = [];
    await queue.acquire(1);
    const waiting = [5, 50, 20].map((ms) => queue.acquire(ms).then(() => order.push(ms)));
    await Promise.resolve();
    expect(queue.waitingMs()).toEqual([50, 20, 5]);
    queue.flush(2);
    await new Promise((r) => setTimeout(r));
    expect(order).toEqual([50, 20]);
    expect(queue.waitingMs()).toEqual([5]);
    queue.flush();
    await Promise.all(waiting);
    expect(order).toEqual([50, 20, 5]);
  });

  it("a call the realm started at once holds no worker: when one that does is done, the next waiting call starts", async () => {
    const queue = createPoolQueue(2);
    const own = [await queue.acquire(10), await queue.acquire(10)];
    const ahead = queue.acquire(10);
    await Promise.resolve();
    queue.flush();
    const aheadDone = await ahead;
    let started = false;
    const next = queue.acquire(10).then((release) => ((started = true), release));
    await new Promise((r) => setTimeout(r));
    // Both workers' own calls still run: the flushed one took none of them.
    expect(started).toBe(false);
    aheadDone();
    await new Promise((r) => setTimeout(r));
    expect(started).toBe(false);
    own[0]();
    (await next)();
    expect(started).toBe(true);
  });

  it("a call whose tables cost more to cross than its node took last time stays where it is", () => {
    const small = aq.table({ x: Float64Array.from({ length: 1000 }) });
    const big = aq.table({ x: Float64Array.from({ length: FREE_CELLS * 5 }) });
    // What a node must have taken here for a crossing of `ms` to be worth it.
    const worth = (ms: number) => (CALL_MS + ms) / SEND_SHARE;
    expect(worthSending([small, 3], undefined)).toBe(true);
    expect(worthSending([big], undefined)).toBe(false);
    expect(worthSending([big], 25)).toBe(false);
    expect(worthSending([big], worth((FREE_CELLS * 5) / CELLS_PER_MS))).toBe(true);
    // A crossing that costs about what the node saves: the realm would gain little, the cores lose it.
    expect(worthSending([big], CALL_MS + (FREE_CELLS * 5) / CELLS_PER_MS)).toBe(false);
    // No arguments, but a big table came back last time: it goes only if it took long enough for that.
    expect(worthSending([], worth(4_000_000 / CELLS_PER_MS) - 1, 4_000_000)).toBe(false);
    expect(worthSending([], worth(4_000_000 / CELLS_PER_MS), 4_000_000)).toBe(true);
    // Measured: its value came back at a tenth of the rate assumed.
    expect(worthSending([], worth(4_000_000 / CELLS_PER_MS), 4_000_000, undefined, (10 * 4_000_000) / CELLS_PER_MS)).toBe(false);
    expect(worthSending([], undefined, FREE_CELLS)).toBe(true);
    // Shorter than a call costs: it runs where it is, whatever it carries.
    expect(worthSending([small], CALL_MS / 2)).toBe(false);
    expect(worthSending([], worth(0))).toBe(true);
  });

  it("a Stop while the realm hands calls out starts nothing after it", async () => {
    const g = globalThis as { __handedOut?: number };
    g.__handedOut = 0;
    const source = `export function a() { globalThis.__handedOut += 1; return 1; }`;
    // A pool whose flush takes 50 ms to post the calls it hands out (workers busy), and a Stop at 10.
    const pool: NodePool = { size: 2, run: async () => undefined, flush: () => new Promise((r) => setTimeout(r, 50)) };
    const dr = await new Builder().withModules(source).build();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 10);
    await expect(dr.execute(["a"], { pool, signal: stop.signal, expectedMs: { a: 40 } })).rejects.toMatchObject({ code: "CANCELLED" });
    await new Promise((r) => setTimeout(r, 60));
    expect(g.__handedOut).toBe(0);
  });

  it("a node that took a fraction on a worker of its time here is sent again", async () => {
    // `b` spins 40 ms here; say its last run, on a worker, took 2 ms (its column a typed array there).
    const source = `export function a() { return 1; }
export function b(a) { const end = performance.now() + 40; while (performance.now() < end); return a + 1; }`;
    const dr = await new Builder().withModules(source).build();
    const pool = createTestPool([source], 2);
    // Too short to send by its last figure alone: it runs here, and the pool learns its time here.
    expect(await dr.execute(["b"], { pool, expectedMs: { a: 0, b: 2 } })).toEqual({ b: 2 });
    expect(pool.calls).toBe(0);
    expect(await dr.execute(["b"], { pool, expectedMs: { a: 0, b: 2 } })).toEqual({ b: 2 });
    expect(pool.calls).toBe(1);
  });

  it("a crossed number or string column that was a JS array here is one there: node code that reads it gets what it gets here", () => {
    const table = aq.table({ x: [1.5, 2.5, 3.5, 4.5], n: [10, 20, 30, 40], s: ["a", "b", "a", "c"], gaps: [1.5, null, 2.5, 3] }).filter((d: { n: number }) => d.n > 10);
    const packed = createCrossings().pack([table], new Set())!;
    const [crossed] = unpackArgs(structuredClone(packed.packed, { transfer: packed.transfer }), new Map()) as aq.ColumnTable[];
    for (const name of ["x", "n", "s", "gaps"]) expect(Array.isArray(crossed.column(name))).toBe(true);
    expect((crossed.column("s") as unknown as string[]).map((v) => v.toUpperCase())).toEqual(["B", "A", "C"]);
    // Small integers cross as int8: as a typed array, `* 10` would wrap; as an array it does not.
    const times10 = (t: aq.ColumnTable) => (t.column("n") as unknown as number[]).map((v) => v * 10);
    expect(times10(crossed)).toEqual([200, 300, 400]);
    expect((crossed.column("x") as unknown as number[]).map((v) => `${v}`)).toEqual(["2.5", "3.5", "4.5"]);
    // The way back too: a worker's value with a JS number column reaches the realm with one.
    expect(Array.isArray((unpackValue(structuredClone(packValue(table).packed)) as aq.ColumnTable).column("n"))).toBe(true);
    // A column read from Arrow here stays an Arrow column there.
    const read = ipcToTable(aq.toArrowIPC(aq.table({ v: [1.5, 2.5] }), { format: "stream" }) as Uint8Array, nodeSubject("t"));
    const readCrossed = unpackArgs(structuredClone(createCrossings().pack([read], new Set())!.packed), new Map())[0] as aq.ColumnTable;
    expect(Array.isArray(readCrossed.column("v"))).toBe(false);
    expect(crossed.objects()).toEqual(table.objects());
    expect(crossed.groupby("s").rollup({ x: aq.op.sum("x") }).objects()).toEqual(table.groupby("s").rollup({ x: aq.op.sum("x") }).objects());
  });

  it("a table taken by many calls is encoded once a run and sent to each worker once", () => {
    const table = aq.table({ city: ["Oslo", "Lima", "Oslo"], n: [1, 2.5, 3] }).filter((d: { n: number }) => d.n > 1);
    const crossings = createCrossings();
    expect(crossings.packedBytes(table)).toBeUndefined();
    const first = new Set<number>();
    const second = new Set<number>();
    const a = crossings.pack([table, 7], first)!;
    const b = crossings.pack([table], first)!;
    const c = crossings.pack([table], second)!;
    expect(a.packed[0]).toMatchObject({ key: 1 });
    expect(b.packed[0]).toEqual({ held: 1 });
    expect(c.packed[0]).toMatchObject({ key: 1 });
    // A copy moves to the worker; the next worker and the store write use the kept bytes.
    const sent = (a.packed[0] as { value: { data: { ipc: Uint8Array } } }).value.data.ipc;
    expect(a.transfer).toEqual([sent.buffer]);
    const bytes = crossings.packedBytes(table)!;
    expect(bytes).toBe(sent.byteLength);
    const write = tableToMarker(table, nodeSubject("t"));
    expect(write.ipc).not.toBe(sent);
    expect(write.ipc).toEqual(sent);
    expect(crossings.packedBytes(table)).toBe(bytes);
    // Inside another value too, the kept bytes are not moved away.
    expect(packValue({ table }).transfer).toEqual([]);
    expect(crossings.packedBytes(table)).toBe(bytes);
    // A worker unpacks a table once and gives the same one to each of its calls, as one thread does.
    const held = new Map<number, unknown>();
    const [first0, seven] = unpackArgs(structuredClone(a.packed, { transfer: a.transfer }), held);
    const [again] = unpackArgs(structuredClone(b.packed), held);
    expect(again).toBe(first0);
    expect(seven).toBe(7);
    expect((first0 as aq.ColumnTable).objects()).toEqual(table.objects());
    // Once the store's write has moved the bytes away, the next crossing encodes again.
    structuredClone(write.ipc, { transfer: [write.ipc!.buffer as ArrayBuffer] });
    expect(crossings.packedBytes(table)).toBeUndefined();
    const d = crossings.pack([table], new Set())!;
    expect(unpackArgs(d.packed, new Map())[0]).toSatisfy((t: aq.ColumnTable) => t.numRows() === 2);
  });

  it("a table that crosses groups in the order it groups in here: filtered, Arrow-read, with nulls", () => {
    const built = aq.table({ s: ["b", null, "a", "null", "b", null, "c"], i: [0, 1, 2, 3, 4, 5, 6] });
    const read = ipcToTable(aq.toArrowIPC(built, { format: "stream" }) as Uint8Array, nodeSubject("t"));
    const tables = [built, read, built.filter((d: { i: number }) => d.i > 0), read.filter((d: { i: number }) => d.i > 0), read.filter((d: { i: number }) => d.i !== 4).groupby("s").ungroup()];
    const grouped = (t: aq.ColumnTable) => t.groupby("s").count().objects();
    for (const table of tables) {
      const asArgument = unpackArgs(structuredClone(createCrossings().pack([table], new Set())!.packed), new Map())[0] as aq.ColumnTable;
      const asResult = unpackValue(structuredClone(packValue(table).packed)) as aq.ColumnTable;
      expect(grouped(asArgument)).toEqual(grouped(table));
      expect(grouped(asResult)).toEqual(grouped(table));
    }
    // JS strings group by scanning there, as here: groups by a dictionary's keys are another
    // structure, which `impute` with `expand` reads by row and got wrong (a review found it).
    const strings = aq.table({ s: ["a", "b", "a"], k: [1, 1, 2], v: [10, 20, 30] });
    const expanded = (t: aq.ColumnTable) => t.groupby("s").impute({ v: () => 0 }, { expand: "k" }).objects();
    const crossedStrings = unpackArgs(structuredClone(createCrossings().pack([strings], new Set())!.packed), new Map())[0] as aq.ColumnTable;
    expect(expanded(crossedStrings)).toEqual(expanded(strings));
    expect(expanded(unpackValue(structuredClone(packValue(strings).packed)) as aq.ColumnTable)).toEqual(expanded(strings));
    // Ordered, or grouped and filtered: it would group otherwise there, so the node stays here,
    // and a worker is not taken to hold the call's other tables.
    const crossings = createCrossings();
    const holds = new Set<number>();
    expect(crossings.pack([built, built.orderby("s")], holds)).toBeUndefined();
    expect(holds.size).toBe(0);
    expect(crossings.pack([built], holds)!.packed[0]).toHaveProperty("value");
    expect(() => packValue(built.groupby("s").filter((d: { i: number }) => d.i > 2))).toThrow();
  });

  it("a table's crossing is shared by the calls that take it: its encoding once, a copy a worker", () => {
    const table = aq.table({ x: Float64Array.from({ length: 1_000_000 }) });
    const alone = crossingMs(table, 1, 2);
    expect(alone).toBeGreaterThan(1_000_000 / CELLS_PER_MS);
    expect(crossingMs(table, 20, 2)).toBeLessThan(alone / 10);
    // Encoded already: only the copies are left.
    expect(crossingMs(table, 20, 2, 8_000_000)).toBeCloseTo((2 * 8_000_000) / BYTES_PER_MS / 20, 5);
    expect(worthSending([table], 25, 0, () => crossingMs(table, 20, 2, 8_000_000))).toBe(true);
    expect(worthSending([table], 25)).toBe(false);
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
  it("while the realm takes a fingerprint, waiting calls are posted to busy workers; the run reads as on one worker", async () => {
    const stats = Array.from({ length: 6 }, (_, k) => `export function s${k}(base) { const end = performance.now() + 30; while (performance.now() < end); return base.numRows() * ${k}; }`).join("\n");
    // \`wide\` is too short to send, and its 1.2M cells' fingerprint keeps the realm ~40 ms by the price.
    const source = `import * as aq from "arquero";
export function base() { return aq.table({ x: [1, 2, 3] }); }
${stats}
export function wide(base) { return aq.table({ x: new Float64Array(1_200_000).fill(base.numRows()) }); }
export function all(wide, ${Array.from({ length: 6 }, (_, k) => `s${k}`).join(", ")}) { return wide.numRows() + s0 + s1 + s2 + s3 + s4 + s5; }`;
    const expectedMs = { base: 0, wide: 0, all: 0, ...Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`s${k}`, 30])) };
    const runWith = async (pool?: ReturnType<typeof createTestPool>) => {
      const dr = await new Builder().withModules(source).withCache({ backend: createMemoryBackend(pool ? "ahead-pooled" : "ahead-serial") }).build();
      const value = await dr.execute(["all"], { pool, expectedMs });
      const record = dr.cache.record()!;
      return { value, versions: record.nodes.map((n) => `${n.name} ${n.status} ${n.dataVersion}`), log: record.events.map((e) => `${e.nodeName} ${e.actor} ${e.eventType}`) };
    };
    const pool = createTestPool([source], 2);
    const [serial, pooled] = [await runWith(), await runWith(pool)];
    expect(pooled).toEqual(serial);
    expect(serial.value).toEqual({ all: 1_200_000 + 3 * 15 });
    expect(pool.calls).toBe(6);
    expect(pool.postedAhead).toBeGreaterThan(0);
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

  it("a dependant starts on a worker before its dependency is versioned; a hit drops its early answer", async () => {
    const v1 = `import * as aq from "arquero";
export function base() { return aq.table({ x: [1, 2, 3, 4] }); }
export function total(base) { return base.rollup({ s: aq.op.sum("x") }).get("s", 0); }
export function count(base) { return base.numRows(); }`;
    // The same table another way: `total` and `count` hit (early cutoff).
    const v2 = v1.replace("[1, 2, 3, 4]", "[1, 2, 3].concat([4])");
    const runBoth = async (pooled: boolean) => {
      const backend = createMemoryBackend(pooled ? "early-pooled" : "early-serial");
      const seen: string[] = [];
      const logs: string[][] = [];
      const statuses: string[][] = [];
      for (const source of [v1, v2]) {
        const dr = await new Builder().withModules(source).withCache({ backend }).build();
        const inner = createTestPool([source], 2);
        const pool = { ...inner, run: (call: Parameters<typeof inner.run>[0]) => (seen.push(`call ${call.node}`), inner.run(call)) };
        const onEvent = (e: { nodeName: string; eventType: string; actor: string }) => {
          if (e.actor === "adapter" && e.eventType === "set_data_version") seen.push(`versioned ${e.nodeName}`);
        };
        expect(await dr.execute(["total", "count"], { pool: pooled ? pool : undefined, onEvent })).toEqual({ total: 10, count: 4 });
        logs.push(dr.cache.record()!.events.map((e) => `${e.nodeName} ${e.actor} ${e.eventType} ${e.msg ?? ""} ${String(e.value ?? "")}`));
        statuses.push(dr.cache.viewRun().nodes.map((n) => `${n.id} ${n.status}`));
      }
      return { seen, logs, statuses };
    };
    const serial = await runBoth(false);
    const pooled = await runBoth(true);
    expect(pooled.logs).toEqual(serial.logs);
    expect(pooled.statuses).toEqual(serial.statuses);
    expect(pooled.statuses[1]).toEqual(["base executed", "total cached", "count cached"]);
    // Both runs sent the dependants before `base` had its data version; the second dropped them.
    const second = pooled.seen.slice(pooled.seen.lastIndexOf("versioned base") - 2);
    expect(pooled.seen.indexOf("call total")).toBeLessThan(pooled.seen.indexOf("versioned base"));
    expect(second).toEqual(["call total", "call count", "versioned base"]);
  });

  it("a filtered view of a stored table crosses as its filter; the stored table is sent once a worker, across runs", async () => {
    const built = aq.table({ s: ["b", null, "a", "c", "b", "a", null], i: [0, 1, 2, 3, 4, 5, 6] });
    const stored = (await decodeResult(structuredClone(await encodeResult(built, "native", "raw")))) as aq.ColumnTable;
    noteStoredTable(stored, "fp2_raw");
    const view = stored
      .params({ low: 1 })
      .filter((d: { i: number }, $: { low: number }) => d.i > $.low)
      .derive({ y: (d: { i: number }) => d.i * 1.5 - 0.5 });
    const seen = (t: aq.ColumnTable) => ({
      rows: t.objects(),
      groups: t.groupby("s").rollup({ y: aq.op.sum("y") }).objects(),
      again: t.filter((d: { i: number }, $: { low: number }) => d.i > $.low + 2).objects(),
    });
    const worker = new Map<string, aq.ColumnTable>();
    const held = new Map<string, number>();
    const send = (bases: Map<string, number>) => createCrossings().pack([view], new Set(), bases)!;
    const first = send(held);
    const marker = (first.packed[0] as { value: { data: unknown } }).value.data;
    expect(isViewMarker(marker) && marker.ipc !== undefined).toBe(true);
    expect(seen(unpackArgs(structuredClone(first.packed, { transfer: first.transfer }), new Map(), worker)[0] as aq.ColumnTable)).toEqual(seen(view));
    // The next run: the worker holds the stored table, so only the filter and the own column go.
    const next = send(held);
    const nextMarker = (next.packed[0] as { value: { data: { ipc?: Uint8Array } } }).value.data;
    expect(nextMarker.ipc).toBeUndefined();
    expect(seen(unpackArgs(structuredClone(next.packed, { transfer: next.transfer }), new Map(), worker)[0] as aq.ColumnTable)).toEqual(seen(view));
    // A selection of it is a view too; one with an own column of strings crosses as Arrow, as before.
    expect(isViewMarker((createCrossings().pack([view.select("i")], new Set(), held)!.packed[0] as { value: { data: unknown } }).value.data)).toBe(true);
    expect(isViewMarker((createCrossings().pack([stored.filter((d: { i: number }) => d.i > 0).derive({ t: () => "x" })], new Set(), held)!.packed[0] as { value: { data: unknown } }).value.data)).toBe(false);
    // A worker holds two stored tables at most: the realm tells it which to let go of.
    const others = await Promise.all(["fp2_two", "fp2_three"].map(async (version) => {
      const other = (await decodeResult(structuredClone(await encodeResult(built, "native", "raw")))) as aq.ColumnTable;
      noteStoredTable(other, version);
      return other.filter((d: { i: number }) => d.i > 2);
    }));
    expect((send(held) && createCrossings().pack([others[0]], new Set(), held)!.packed[0] as { value: { data: { forget?: string[] } } }).value.data.forget).toBeUndefined();
    expect((createCrossings().pack([others[1]], new Set(), held)!.packed[0] as { value: { data: { forget?: string[] } } }).value.data.forget).toEqual(["fp2_raw"]);
    expect([...held.keys()]).toEqual(["fp2_two", "fp2_three"]);
    // A worker that lost the stored table (replaced) cannot make it up: the call fails, not the values.
    expect(() => unpackArgs(createCrossings().pack([others[1]], new Set(), held)!.packed, new Map(), new Map())).toThrow(/not here/);
  });

  it("runs over a view of a stored table give on two workers what they give on one", async () => {
    const v1 = `import * as aq from "arquero";
export function raw() { return aq.table({ s: ["b", null, "a", "c", "b", "a", null, "c"], i: [0, 1, 2, 3, 4, 5, 6, 7] }); }
export function view(raw) { return raw.params({ low: 1 }).filter((d, $) => d.i > $.low).derive({ y: (d) => d.i * 1.5 }); }
export function per(view) { return view.groupby("s").rollup({ y: aq.op.sum("y") }).objects(); }
export function high(view) { return view.filter((d) => d.i > 4).objects(); }`;
    const v2 = v1.replace("d.i * 1.5", "d.i * 2.5");
    const runs = async (pool: (source: string) => ReturnType<typeof createTestPool> | undefined) => {
      const backend = createMemoryBackend();
      const out: unknown[] = [];
      for (const source of [v1, v2, v1]) {
        const dr = await new Builder().withModules(source).withCache({ backend }).build();
        const used = pool(source);
        // Long enough last time to be worth a worker, so that the view crosses.
        out.push(await dr.execute(["per", "high"], { pool: used, expectedMs: { view: 0, per: 100, high: 100 } }));
        // The edit (v2) re-executes the view over the stored `raw`: its readers take it on workers.
        if (used && source === v2) expect(used.calls).toBeGreaterThan(0);
        out.push(dr.cache.record()!.events.map((e) => `${e.nodeName} ${e.eventType} ${e.msg ?? ""} ${String(e.value ?? "")}`));
      }
      return out;
    };
    expect(await runs((source) => createTestPool([source], 2))).toEqual(await runs(() => undefined));
  });
});
