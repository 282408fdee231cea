import { describe, expect, it } from "vitest";
import type { ColumnTable } from "arquero";
import { Builder, createIndexedDbBackend, createMemoryBackend, type CacheBackend, type Driver } from "../index";
import { openDatabase } from "./database";
import { checksumOf, decodeVerified, isCorruptResult } from "./integrity";
import type { DataVersion } from "../types";
import { errorOf } from "../testing/errors";
import { createXXHash128 } from "hash-wasm";
import * as aq from "arquero";
import { fingerprint } from "../versioning/fingerprint";
import { ipcTableVersion } from "../versioning/fp1";
import { tableToMarker } from "../formats/native";
import { nodeSubject } from "../formats/errors";

const SOURCE = `import * as aq from "arquero";
import { cache } from "sluice";
export const sales = () => aq.table({ country: ["USA", "Canada", "USA"], amount: [10, 20, 30] });
export const totals = cache({ format: "json" }, (sales) => ({ rows: sales.numRows(), sum: sales.array("amount").reduce((a, b) => a + b, 0) }));
export const summary = (sales) => ({ when: new Date(0), seen: new Set(sales.array("country")), n: sales.numRows() });
export const report = (totals, summary) => \`\${totals.rows} rows, sum \${totals.sum}, \${summary.seen.size} countries\`;
`;
const REPORT = "3 rows, sum 60, 2 countries";

let dbCount = 0;
const fresh = () => createIndexedDbBackend(`integrity_${++dbCount}`);

async function build(backend: CacheBackend, source = SOURCE): Promise<Driver> {
  return new Builder().withModules(source).withCache({ backend }).build();
}

const lines = (dr: Driver) => Object.values(dr.cache.logs(dr.cache.lastRunId!, { level: "info" })).flat().map(String);
const status = (dr: Driver, node: string) => dr.cache.viewRun().nodes.find((n) => n.id === node)?.status;
const versionOf = (dr: Driver, node: string) => dr.cache.dataVersions[dr.cache.lastRunId!][node] as DataVersion;

/** Flips one byte of a stored body in IndexedDB, as a bad disk or a stray extension would. */
async function flipStoredByte(name: string, dataVersion: DataVersion, at = 0.5): Promise<void> {
  const db = openDatabase(name);
  const body = await db.bodies.get(dataVersion);
  const bytes = body!.bytes!.slice();
  bytes[Math.floor(bytes.length * at)] ^= 0x20;
  await db.bodies.put({ ...body!, bytes });
}

describe("integrity on read", () => {
  it("a flipped byte in a stored table is detected, dropped and recomputed: the right value is served", async () => {
    const backend = fresh();
    const dr = await build(backend);
    expect(await dr.execute(["sales"])).toBeDefined();
    const dv = versionOf(dr, "sales");
    // fp2 versions are hashed from columns, not the stored bytes: the body has its own checksum.
    expect(dv).toMatch(/^fp2_/);
    expect((await backend.resultStore.getStored(dv))?.checksum).toMatch(/^xxh128_/);
    await flipStoredByte(backend.name, dv, 0.9);

    const value = (await dr.execute(["sales"])).sales as ColumnTable;
    expect(value.objects()).toEqual([{ country: "USA", amount: 10 }, { country: "Canada", amount: 20 }, { country: "USA", amount: 30 }]);
    expect(lines(dr)).toContain("sales::result_store::corrupt_result");
    expect(lines(dr)).toContain("sales::adapter::execute_node");
    expect(status(dr, "sales")).toBe("executed");
    // Stored again, intact: the next run hits and reads it.
    await dr.execute(["sales"]);
    expect(status(dr, "sales")).toBe("cached");
    expect(((await dr.execute(["sales"])).sales as ColumnTable).numRows()).toBe(3);
    expect(lines(dr)).not.toContain("sales::result_store::corrupt_result");
  });

  it("a flipped byte in a stored JSON result: event, recompute, correct value; its keys are dropped", async () => {
    const backend = fresh();
    const dr = await build(backend);
    await dr.execute(["report"]);
    const dv = versionOf(dr, "totals");
    expect((await backend.resultStore.getStored(dv))?.checksum).toMatch(/^xxh128_/);
    // `"sum":60` becomes `"sum":40`: still valid JSON, a wrong value without the check.
    const db = openDatabase(backend.name);
    const body = await db.bodies.get(dv);
    const text = new TextDecoder().decode(body!.bytes).replace("60", "40");
    await db.bodies.put({ ...body!, bytes: new TextEncoder().encode(text) });

    // report hits, so nothing reads totals: a new input-free edit of report makes it execute.
    const edited = await build(backend, SOURCE.replace("rows, sum", "rows; sum"));
    expect((await edited.execute(["report"])).report).toBe("3 rows; sum 60, 2 countries");
    expect(lines(edited)).toEqual(expect.arrayContaining(["totals::result_store::corrupt_result", "totals::adapter::execute_node", "report::adapter::execute_node"]));
    expect(lines(edited)).not.toContain("sales::adapter::execute_node"); // only the corrupt node recomputes
    expect(await backend.resultStore.has(dv)).toBe(true); // stored again
    expect(await backend.resultStore.get(dv)).toEqual({ rows: 3, sum: 60 });
  });

  it("native structured data keeps a checksum too", async () => {
    const backend = createMemoryBackend();
    const dr = await build(backend);
    await dr.execute(["summary"]);
    const dv = versionOf(dr, "summary");
    const stored = await backend.resultStore.getStored(dv);
    expect(stored?.checksum).toMatch(/^xxh128_/);
    (stored!.data as { n: number }).n = 4;
    const error = await errorOf(backend.resultStore.get(dv));
    expect(error.code).toBe("STORAGE");
    expect(isCorruptResult(error)).toBe(true);
    expect(await backend.resultStore.has(dv)).toBe(false); // dropped on detection

    const again = await build(backend, SOURCE.replace("countries`", "countries!`"));
    expect((await again.execute(["report"])).report).toBe(`${REPORT}!`);
    expect(lines(again)).toContain("summary::adapter::execute_node");
  });

  it("results stored before checksums are served, and re-verified by their fingerprint", async () => {
    const backend = fresh();
    const dr = await build(backend);
    await dr.execute(["report"]);
    const db = openDatabase(backend.name);
    // Today's records have no checksum field at all.
    await db.results.toCollection().modify((header) => void delete header.checksum);
    const summary = versionOf(dr, "summary");
    expect((await backend.resultStore.getStored(summary))?.checksum).toBeUndefined();
    expect(await backend.resultStore.get(versionOf(dr, "totals"))).toEqual({ rows: 3, sum: 60 });
    expect(await backend.resultStore.get(summary)).toEqual({ when: new Date(0), seen: new Set(["USA", "Canada"]), n: 3 });

    // A legacy body whose value no longer matches its version is caught all the same.
    const stored = (await backend.resultStore.getStored(summary))!;
    await expect(decodeVerified({ ...stored, data: { ...(stored.data as object), n: 5 } })).rejects.toSatisfy(isCorruptResult);
  });

  it("a corrupt table read by a dependant is recomputed mid-run, and the run finishes", async () => {
    const backend = fresh();
    const dr = await build(backend);
    await dr.execute(["report"]);
    await flipStoredByte(backend.name, versionOf(dr, "sales"), 0.95);
    const edited = await build(backend, SOURCE.replace("numRows() })", "numRows() + 0 })"));
    expect((await edited.execute(["report"])).report).toBe(REPORT);
    expect(lines(edited)).toEqual(expect.arrayContaining(["sales::result_store::corrupt_result", "sales::adapter::execute_node", "summary::adapter::execute_node"]));
    expect(status(edited, "totals")).toBe("cached");
  });
});

/** What a native table stored under fp1 looks like: no checksum, its version the hash of its Arrow bytes. */
async function storeAsFp1(backend: CacheBackend, node: string, value: aq.ColumnTable): Promise<DataVersion> {
  const bytes = aq.toArrowIPC(value, { format: "stream" }) as Uint8Array;
  const dataVersion = await ipcTableVersion(bytes);
  await backend.resultStore.set({ dataVersion, format: "native", kind: "table", bytes, byteLength: bytes.byteLength, createdAt: Date.now() });
  const entries = (await backend.metadataStore.entries()).filter((e) => e.nodeName === node);
  for (const entry of entries) await backend.metadataStore.set({ ...entry, dataVersion });
  return dataVersion;
}

describe("results stored under fp1", () => {
  const SALES = [{ country: "USA", amount: 10 }, { country: "Canada", amount: 20 }, { country: "USA", amount: 30 }];

  it("a native fp1 table is still served, checked against its version, and recomputed when corrupt", async () => {
    const backend = fresh();
    const dr = await build(backend);
    await dr.execute(["sales"]);
    const fp1 = await storeAsFp1(backend, "sales", aq.from(SALES));
    expect(fp1).toMatch(/^fp1_/);
    expect((await backend.resultStore.getStored(fp1))?.checksum).toBeUndefined();

    // `sales` has no dependencies: its key is the same under both schemes, so it hits the fp1 entry.
    const again = await build(backend);
    expect(((await again.execute(["sales"])).sales as ColumnTable).objects()).toEqual(SALES);
    expect(status(again, "sales")).toBe("cached");
    expect(versionOf(again, "sales")).toBe(fp1);

    await flipStoredByte(backend.name, fp1, 0.9);
    const third = await build(backend);
    expect(((await third.execute(["sales"])).sales as ColumnTable).objects()).toEqual(SALES);
    expect(lines(third)).toEqual(expect.arrayContaining(["sales::result_store::corrupt_result", "sales::adapter::execute_node"]));
    expect(versionOf(third, "sales")).toMatch(/^fp2_/);
  });

  it("a legacy fp1 value without a checksum is re-verified under fp1", async () => {
    const value = { rows: 3, when: new Date(0), table: aq.from(SALES) };
    const dataVersion = (await fingerprint(value, "fp1")).dataVersion;
    const data = { ...value, table: tableToMarker(value.table, nodeSubject("x")) };
    const stored = { dataVersion, format: "native" as const, kind: "value" as const, data, byteLength: 1, createdAt: 1 };
    expect(((await decodeVerified(stored)) as typeof value).table.objects()).toEqual(SALES);
    await expect(decodeVerified({ ...stored, data: { ...data, rows: 4 } })).rejects.toSatisfy(isCorruptResult);
  });

  it("checksums of structured data are the ones written before fp2", async () => {
    const data = { rows: 3, sum: 60 };
    const hasher = await createXXHash128();
    hasher.init();
    hasher.update((await fingerprint(data, "fp1")).dataVersion);
    expect(await checksumOf({ data })).toBe(`xxh128_${hasher.digest("hex")}`);
  });
});
