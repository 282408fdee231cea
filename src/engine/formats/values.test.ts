import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { decodeResult, encodeResult, fileExtension, isTable } from "./index";
import { sampleTable, typedRows } from "./fixtures";
import { isSluiceError } from "../errors";
import type { StorageFormat } from "../types";

async function roundTrip(value: unknown, format: StorageFormat = "native") {
  const encoded = await encodeResult(value, format, "node_x");
  return decodeResult(structuredClone(encoded));
}

/** The SluiceError a call rejects with, so tests can assert its code and details. */
async function failure(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (isSluiceError(error)) return error;
    throw error;
  }
  throw new Error("expected a SluiceError");
}

describe("native values", () => {
  it("keep Date, Map, Set, typed arrays, bigint, null, undefined and nesting", async () => {
    const value = {
      when: new Date("2024-09-01T12:00:00Z"),
      map: new Map<unknown, unknown>([["a", 1], [2, { deep: [1n, undefined, null] }]]),
      set: new Set(["x", 3]),
      floats: new Float64Array([1.5, NaN]),
      bytes: new Uint8Array([0, 255]),
      big: 2n ** 70n,
      nothing: undefined,
      empty: null,
      nested: { list: [[1, "1", true], { "1": [1] }] },
    };
    expect(await roundTrip(value)).toStrictEqual(value);
  });

  it("keep shared references and cycles", async () => {
    const shared = { n: 1 };
    const value: Record<string, unknown> = { a: shared, b: shared };
    value.self = value;
    const back = (await roundTrip(value)) as Record<string, unknown>;
    expect(back.a).toBe(back.b);
    expect(back.self).toBe(back);
  });

  it("turn a dataloader's [table, metadata] back into a table and its metadata", async () => {
    const metadata = { source: "inline", format: "json", rows: 6 };
    const back = (await roundTrip([sampleTable(), metadata])) as [aq.ColumnTable, unknown];
    expect(isTable(back[0])).toBe(true);
    expect(typedRows(back[0])).toEqual(typedRows(sampleTable()));
    expect(back[1]).toEqual(metadata);
  });

  it("find tables inside Maps and objects", async () => {
    const back = (await roundTrip(new Map([["t", { inner: aq.table({ a: [1, 2] }) }]]))) as Map<string, { inner: aq.ColumnTable }>;
    expect(back.get("t")?.inner.array("a", Array)).toEqual([1, 2]);
  });

  it("keep tables whose cells are objects, arrays or mixed types exactly", async () => {
    const odd = aq.table({ obj: [{ a: 1 }, { b: [2] }, null], mixed: [1, "one", new Date(0)], bin: [new Uint8Array([255]), null, null] });
    const encoded = await encodeResult(odd, "native", "node_x");
    expect(encoded.kind).toBe("table");
    const back = (await decodeResult(structuredClone(encoded))) as aq.ColumnTable;
    expect(back.objects()).toStrictEqual(odd.objects());
  });

  it("do not change the value they were given", async () => {
    const value = { t: aq.table({ a: [1] }) };
    await encodeResult(value, "native", "node_x");
    expect(isTable(value.t)).toBe(true);
  });
});

describe("json values", () => {
  it("round-trip plain JSON data", async () => {
    const value = { a: [1, "two", true, null, { b: 2.5 }], s: "é" };
    expect(await roundTrip(value, "json")).toStrictEqual(value);
  });
});

describe("values a format cannot hold", () => {
  class Point {
    constructor(readonly x: number) {}
  }
  const cases: [string, unknown, StorageFormat][] = [
    ["a function", () => 1, "native"],
    ["a nested function", { a: [{ f: () => 1 }] }, "native"],
    ["a promise", Promise.resolve(1), "native"],
    ["a class instance", { p: new Point(1) }, "native"],
    ["a symbol", [Symbol("s")], "native"],
    ["the reserved marker key", { "@sluice/table": 1 }, "native"],
    ["a Map in json", new Map([["a", 1]]), "json"],
    ["a Set in json", { s: new Set([1]) }, "json"],
    ["a typed array in json", [new Float64Array(1)], "json"],
    ["a bigint in json", { n: 1n }, "json"],
    ["undefined inside json", { a: undefined }, "json"],
    ["a Date in json", { d: new Date(0) }, "json"],
    ["NaN in json", [NaN], "json"],
    ["a table inside json", { t: aq.table({ a: [1] }) }, "json"],
    ["a plain value in csv", { a: 1 }, "csv"],
    ["a dataloader pair in parquet", [aq.table({ a: [1] }), {}], "parquet"],
    ["a number in arrow", 42, "arrow"],
    ["nested cells in csv", aq.table({ a: [{ x: 1 }] }), "csv"],
    ["mixed cells in csv", aq.table({ a: [1, "x"] }), "csv"],
    ["mixed cells in parquet", aq.table({ a: [1, "x"] }), "parquet"],
    ["mixed cells in arrow", aq.table({ a: [1, "x"] }), "arrow"],
    ["binary cells in parquet", aq.table({ a: [new Uint8Array(2)] }), "parquet"],
    ["binary cells in arrow", aq.table({ a: [new Uint8Array(2)] }), "arrow"],
    ["bigint cells in json", aq.table({ a: [1n] }), "json"],
    ["Infinity cells in json", aq.table({ a: [1, Infinity] }), "json"],
    ["class instances in table cells", aq.table({ a: [new Point(1)] }), "native"],
  ];
  it.each(cases)("reject %s with BAD_OPTION naming the node", async (_what, value, format) => {
    const error = await failure(() => encodeResult(value, format, "node_x"));
    expect(error.code).toBe("BAD_OPTION");
    expect(error.details).toMatchObject({ node: "node_x", option: "format" });
  });

  it("reports corrupt stored bytes as STORAGE", async () => {
    for (const format of ["parquet", "arrow", "json"] as const) {
      const error = await failure(() => decodeResult({ format, kind: "table", bytes: new Uint8Array([1, 2, 3]) }));
      expect(error.code).toBe("STORAGE");
    }
  });
});

describe("fileExtension and isTable", () => {
  it("give each format its extension", () => {
    expect(["parquet", "arrow", "csv", "json"].map((f) => fileExtension(f as StorageFormat))).toEqual([".parquet", ".arrow", ".csv", ".json"]);
    expect(fileExtension("native", "table")).toBe(".arrow");
    expect(fileExtension("native", "value")).toBe(".json");
  });

  it("tells tables from look-alikes", () => {
    expect(isTable(aq.table({ a: [1] }))).toBe(true);
    expect(isTable(aq.table({ a: [1] }).filter((d) => d.a > 0))).toBe(true);
    expect(isTable({ columnNames: () => [] })).toBe(false);
    // A table from a second copy of Arquero fails `instanceof` but has the methods.
    const methods = ["columnNames", "numRows", "column", "array", "scan", "objects"];
    expect(isTable(Object.fromEntries(methods.map((m) => [m, () => undefined])))).toBe(true);
    expect(isTable([1])).toBe(false);
    expect(isTable(null)).toBe(false);
  });
});
