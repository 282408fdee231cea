import { describe, expect, it } from "vitest";
import Dexie from "dexie";
import type { ColumnTable } from "arquero";
import { Builder, createIndexedDbBackend, createMemoryBackend, listRuns, type Driver } from "../index";
import { openDatabase } from "./database";

/**
 * Upgrades: a database written by version 1 of the schema (the one released before issue 11)
 * opens with today's code, and everything in it (results, metadata, runs, files) is served.
 */
const SOURCE = `import * as aq from "arquero";
import { cache, files } from "sluice";
export const sales = () => aq.table({ country: ["USA", "Canada"], amount: [10, 20] });
export const totals = cache({ format: "json" }, (sales) => ({ sum: sales.array("amount").reduce((a, b) => a + b, 0) }));
export const summary = (sales) => ({ when: new Date(0), seen: new Set(sales.array("country")) });
export const saved = async (sales) => (await files.write("sales.csv", sales), "saved");
`;
const OUTPUTS = ["sales", "totals", "summary", "saved"];

/** The schema exactly as version 1 declared it, nothing newer. */
function versionOne(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({
    metadata: "cacheKey, nodeName, dataVersion",
    results: "dataVersion",
    bodies: "dataVersion",
    runs: "runId, startedAt",
    files: "name, updatedAt",
    fileBodies: "name",
  });
  return db;
}

/**
 * The fixture: a real run's records, written into a version-1 database in version 1's shapes
 * (result headers without checksum or last-used time; run events packed as a JSON string).
 */
async function writeVersionOneDatabase(name: string): Promise<Driver> {
  const memory = createMemoryBackend();
  const dr = await new Builder().withModules(SOURCE).withCache({ backend: memory }).build();
  await dr.execute(OUTPUTS);
  const db = versionOne(name);
  const results = await Promise.all((await memory.resultStore.list()).map((h) => memory.resultStore.getStored(h.dataVersion)));
  await db.table("results").bulkPut(results.map((r) => ({ dataVersion: r!.dataVersion, format: r!.format, kind: r!.kind, byteLength: r!.byteLength, createdAt: r!.createdAt, ...(r!.groupby ? { groupby: r!.groupby } : {}) })));
  await db.table("bodies").bulkPut(results.map((r) => ({ dataVersion: r!.dataVersion, bytes: r!.bytes, data: r!.data })));
  await db.table("metadata").bulkPut(await memory.metadataStore.entries());
  await db.table("runs").bulkPut((await memory.runLog.list()).map((run) => ({ ...run, events: JSON.stringify(run.events) })));
  for (const file of await memory.files.list()) {
    await db.table("files").put(file);
    await db.table("fileBodies").put({ name: file.name, bytes: await memory.files.readBytes(file.name) });
  }
  expect(db.verno).toBe(1);
  db.close();
  return dr;
}

describe("schema upgrades", () => {
  it("a version-1 database survives the upgrade: results, metadata, runs and files are served", async () => {
    const name = "upgrade_from_v1";
    const first = await writeVersionOneDatabase(name);
    const backend = createIndexedDbBackend(name);
    // The upgrade gave old results a last-used time: when they were made.
    const headers = await backend.resultStore.list();
    expect(headers).toHaveLength(4);
    for (const header of headers) expect(header.lastUsedAt).toBe(header.createdAt);
    const dr = await new Builder().withModules(SOURCE).withCache({ backend }).build();
    const results = await dr.execute(OUTPUTS);

    expect(openDatabase(name).verno).toBe(2);
    expect(dr.cache.viewRun().nodes.filter((n) => n.status === "executed")).toEqual([]);
    expect((results.sales as ColumnTable).objects()).toEqual([{ country: "USA", amount: 10 }, { country: "Canada", amount: 20 }]);
    expect(results.totals).toEqual({ sum: 30 });
    expect(results.summary).toEqual({ when: new Date(0), seen: new Set(["USA", "Canada"]) });
    const info = Object.values(dr.cache.logs(dr.cache.lastRunId!, { level: "info" })).flat().map(String);
    expect(info.filter((line) => line.includes("corrupt_result") || line.includes("execute_node"))).toEqual([]);

    const runs = await listRuns(backend);
    expect(runs.map((r) => r.runId)).toEqual([first.cache.lastRunId, dr.cache.lastRunId]);
    // Listing leaves the events out; the record still holds them.
    expect(runs[0]).not.toHaveProperty("events");
    expect((await backend.runLog.get(runs[0].runId))!.events.length).toBeGreaterThan(0);
    expect(((await backend.files.read("sales.csv")) as ColumnTable).numRows()).toBe(2);
  });
});
