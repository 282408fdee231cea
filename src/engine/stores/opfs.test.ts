import { describe, expect, it } from "vitest";
import type { ColumnTable } from "arquero";
import { Builder, createIndexedDbBackend, type CacheBackend, type Driver } from "../index";
import { openDatabase } from "./database";
import { memoryBodyStore, OPFS_MIN_BYTES } from "./opfs";
import type { DataVersion } from "../types";

/**
 * Large bodies kept apart from IndexedDB (issue 13). In the browser they live in OPFS; here a
 * Map-backed body store with the same contract stands in for the file system, and everything
 * else (IndexedDB headers, the runner, integrity checks) is real.
 */
const SOURCE = `import * as aq from "arquero";
export const big = () => aq.table({ n: Array.from({ length: 200_000 }, (_, i) => i), label: Array.from({ length: 200_000 }, (_, i) => "row " + i) });
export const small = (big) => aq.table({ rows: [big.numRows()] });
export const report = (big, small) => \`\${big.numRows()} rows, last \${big.get("label", big.numRows() - 1)}, small \${small.get("rows", 0)}\`;
`;
const REPORT = "200000 rows, last row 199999, small 200000";

let count = 0;
function fresh() {
  const name = `opfs_${++count}`;
  const bodies = memoryBodyStore();
  return { name, bodies, backend: createIndexedDbBackend(name, { bodies }) };
}

const build = (backend: CacheBackend, source = SOURCE): Promise<Driver> => new Builder().withModules(source).withCache({ backend }).build();
const statusOf = (dr: Driver, node: string) => dr.cache.viewRun().nodes.find((n) => n.id === node)?.status;
const versionOf = (dr: Driver, node: string) => dr.cache.dataVersions[dr.cache.lastRunId!][node] as DataVersion;

describe("large result bodies apart from IndexedDB", () => {
  it("a large table's body is in the body store, its header in IndexedDB; a small one stays in IndexedDB; both are served", async () => {
    const { name, bodies, backend } = fresh();
    const dr = await build(backend);
    expect((await dr.execute(["report"])).report).toBe(REPORT);
    const db = openDatabase(name);
    const big = (await db.results.get(versionOf(dr, "big")))!;
    expect(big.byteLength).toBeGreaterThanOrEqual(OPFS_MIN_BYTES);
    expect(big.body).toMatch(/^r-/);
    expect(bodies.files.get(big.body!)?.bytes.byteLength).toBe(big.byteLength);
    expect(await db.bodies.get(big.dataVersion)).toBeUndefined();
    const small = (await db.results.get(versionOf(dr, "small")))!;
    expect(small.body).toBeUndefined();
    expect(await db.bodies.get(small.dataVersion)).toBeDefined();

    // A new driver (a reload) reads the table back from the body store.
    const again = await build(backend, SOURCE.replace("small ${", "small: ${"));
    expect((await again.execute(["report"])).report).toBe(REPORT.replace("small ", "small: "));
    expect(statusOf(again, "big")).toBe("cached");
    const table = (await backend.resultStore.get(big.dataVersion)) as ColumnTable;
    expect(table.numRows()).toBe(200_000);
  });

  it("a flipped byte in a body on disk is caught on read: the result is dropped with its body and recomputed", async () => {
    const { name, bodies, backend } = fresh();
    const dr = await build(backend);
    await dr.execute(["report"]);
    const dv = versionOf(dr, "big");
    const header = (await openDatabase(name).results.get(dv))!;
    const body = bodies.files.get(header.body!)!;
    body.bytes[Math.floor(body.bytes.length * 0.9)] ^= 0x20;

    const again = await build(backend, SOURCE.replace("last ${", "last: ${"));
    expect((await again.execute(["report"])).report).toBe(REPORT.replace("last ", "last: "));
    expect(statusOf(again, "big")).toBe("executed");
    const lines = Object.values(again.cache.logs(again.cache.lastRunId!, { level: "info" })).flat().map(String);
    expect(lines.some((l) => l.includes("big::result_store::corrupt_result"))).toBe(true);
    // The damaged body went with its header; the recomputed value has a whole new one.
    expect(bodies.files.has(header.body!)).toBe(false);
    const stored = (await openDatabase(name).results.get(dv))!;
    expect(bodies.files.get(stored.body!)?.bytes.byteLength).toBe(stored.byteLength);
  });

  it("deleting results (eviction, clearing the cache) deletes their bodies", async () => {
    const { bodies, backend } = fresh();
    const dr = await build(backend);
    await dr.execute(["report"]);
    expect(bodies.files.size).toBe(1);
    await backend.resultStore.delete!([versionOf(dr, "big")]);
    expect(bodies.files.size).toBe(0);
    await dr.execute(["report"]);
    expect(bodies.files.size).toBe(1);
    await backend.resultStore.deleteAll();
    expect(bodies.files.size).toBe(0);
  });

  it("a body that cannot be written leaves no header; a header that cannot commit leaves no body", async () => {
    const { name, bodies, backend } = fresh();
    const write = bodies.write;
    bodies.write = async () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
    const dr = await build(backend);
    const failed = await dr.execute(["big"]).catch((error: unknown) => error);
    expect(String(failed)).toContain("quota is full");
    expect(await openDatabase(name).results.count()).toBe(0);
    bodies.write = write;

    // The header's transaction fails after the body is flushed: the body is removed again.
    const db = openDatabase(name);
    const put = db.results.bulkPut.bind(db.results);
    db.results.bulkPut = (() => Promise.reject(new DOMException("Disk broke", "UnknownError"))) as unknown as typeof db.results.bulkPut;
    await expect(build(backend).then((d) => d.execute(["big"]))).rejects.toThrow(/Disk broke/);
    db.results.bulkPut = put;
    expect(bodies.files.size).toBe(0);
  });

  it("rewriting a result replaces its body; the old one goes", async () => {
    const { name, bodies, backend } = fresh();
    const dr = await build(backend);
    await dr.execute(["big"]);
    const dv = versionOf(dr, "big");
    const first = (await openDatabase(name).results.get(dv))!.body!;
    const stored = (await backend.resultStore.getStored(dv))!;
    await backend.resultStore.set({ ...stored, createdAt: stored.createdAt + 1 });
    const second = (await openDatabase(name).results.get(dv))!.body!;
    expect(second).not.toBe(first);
    expect([...bodies.files.keys()]).toEqual([second]);
  });

  it("orphans (a crash between a body's write and its header's commit) are swept once old enough", async () => {
    const { bodies, backend } = fresh();
    const dr = await build(backend);
    await dr.execute(["big"]);
    const named = [...bodies.files.keys()];
    const orphan = await bodies.write("r-orphan-", [new Uint8Array(10)]);
    const store = backend.resultStore as unknown as { sweep(now?: number): Promise<string[]> };
    expect(await store.sweep()).toEqual([]);
    expect(await store.sweep(Date.now() + 11 * 60_000)).toEqual([orphan]);
    expect([...bodies.files.keys()]).toEqual(named);
  });
});
