import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { ipcToTable } from "./arrow";
import { nodeSubject } from "./errors";

describe("reading Arrow IPC", () => {
  it("reads streams with one dictionary per batch (as parquet-wasm writes them) correctly", async () => {
    // parquet-wasm is not used by the engine; here it only produces such a stream.
    const pw = await import("parquet-wasm/node");
    const original = aq.table({ note: Array.from({ length: 5000 }, (_, i) => (i % 13 === 0 ? null : `row ${i}`)) });
    const ipc = aq.toArrowIPC(original, { format: "stream" }) as Uint8Array;
    const tricky = pw.readParquet(pw.writeParquet(pw.Table.fromIPCStream(ipc)), { batchSize: 1000 }).intoIPCStream();
    // Arquero alone gets these wrong: it reads every batch through the last batch's dictionary.
    expect(aq.fromArrow(tricky).array("note", Array)).not.toEqual(original.array("note", Array));
    expect(ipcToTable(tricky, nodeSubject("t")).array("note", Array)).toEqual(original.array("note", Array));
  });
});

describe("filters on tables read back from Arrow", () => {
  const computed = aq.table({
    country: ["USA", "USA", "Canada", "Mexico"],
    amount: [1, 2, 3, 4],
  });
  const cached = ipcToTable(aq.toArrowIPC(computed, { format: "stream" }) as Uint8Array, nodeSubject("t"));

  it("keep the same rows as on the computed table, for values in and out of the column", () => {
    const filters = [
      (d: { country: string }) => d.country != null,
      (d: { country: string }) => d.country !== null,
      (d: { country: string }) => d.country == null,
      (d: { country: string }) => d.country !== "Peru",
      (d: { country: string }) => d.country === "Peru",
      (d: { country: string }) => d.country !== "USA",
      (d: { country: string }) => d.country == "Canada",
    ];
    for (const filter of filters) expect(cached.filter(filter).objects(), String(filter)).toEqual(computed.filter(filter).objects());
    expect(cached.filter('d.country != "Peru"').numRows()).toBe(4);
  });

  it("still group dictionary columns by key", () => {
    expect(cached.groupby("country").count().objects()).toEqual(computed.groupby("country").count().objects());
  });
});
