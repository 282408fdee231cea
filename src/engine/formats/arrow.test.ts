import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { ipcToTable, tableToIpcStream } from "./arrow";
import { nodeSubject } from "./errors";
import { arrowContent } from "./fixtures";

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

describe("encoding a table as Arrow IPC bytes", () => {
  const n = 3000;
  const js = () => ({ x: Array.from({ length: n }, (_, i) => i / 4), s: Array.from({ length: n }, (_, i) => `k${i % 5}`), b: Array.from({ length: n }, (_, i) => i % 3 === 0) });
  const roundTrip = (t: aq.ColumnTable) => ipcToTable(tableToIpcStream(t, nodeSubject("t")), nodeSubject("t")).objects();

  it("gives the Arrow types and cells arquero's toArrowIPC gives, for node-built, typed, filtered and cache-read tables", () => {
    const built = aq.table(js());
    const typed = aq.table({ x: Float64Array.from(js().x), y: Int32Array.from({ length: n }, (_, i) => i) });
    const cached = ipcToTable(aq.toArrowIPC(built, { format: "stream" }) as Uint8Array, nodeSubject("t"));
    for (const t of [built, typed, cached, built.filter((d: { x: number }) => d.x > 100), cached.orderby(aq.desc("x"))]) {
      const expected = aq.toArrowIPC(t, { format: "stream" }) as Uint8Array;
      expect(arrowContent(tableToIpcStream(t, nodeSubject("t")))).toEqual(arrowContent(expected));
    }
  });

  // The Arrow columns made on the way are freed once the bytes are made, unless they may be the
  // table's own memory: toArrow reuses a typed array or an Arrow column it can take whole.
  it("leaves the table it encoded whole: typed-array and Arrow-backed columns are not freed", () => {
    const x = Float64Array.from(js().x);
    const typed = aq.table({ x });
    const cached = ipcToTable(aq.toArrowIPC(aq.table(js()), { format: "stream" }) as Uint8Array, nodeSubject("t"));
    const before = [typed.objects(), cached.objects()];
    tableToIpcStream(typed, nodeSubject("t"));
    tableToIpcStream(cached, nodeSubject("t"));
    expect(x.byteLength).toBe(n * 8);
    expect([typed.objects(), cached.objects()]).toEqual(before);
    // And encoding them again gives the same table.
    expect(roundTrip(typed)).toEqual(before[0]);
    expect(roundTrip(cached)).toEqual(before[1]);
  });

  it("leaves node-built and filtered tables whole too (their columns are copied, never reused)", () => {
    const built = aq.table(js());
    const filtered = built.filter((d: { x: number }) => d.x > 100);
    const before = [built.objects(), filtered.objects()];
    expect(roundTrip(built)).toEqual(before[0]);
    expect(roundTrip(filtered)).toEqual(before[1]);
    expect([built.objects(), filtered.objects()]).toEqual(before);
  });
});
