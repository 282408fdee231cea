import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { decodeResult, encodeResult } from "./index";
import { arrowContent, bigTable, firstDifference, sampleTable, typedRows } from "./fixtures";
import type { StorageFormat } from "../types";
import { schemaOf, type ColumnSchema } from "./table";
import { ipcToTable } from "./arrow";
import { nodeSubject } from "./errors";

const FORMATS: StorageFormat[] = ["native", "json", "csv", "parquet", "arrow"];
const BIG = bigTable(100_000);

/** The one documented loss (docs/formats.md): CSV writes "" and null as the same empty cell. */
function expected(t: aq.ColumnTable, format: StorageFormat): unknown[][] {
  const rows = typedRows(t);
  return format === "csv" ? rows.map((row) => row.map((v) => (v === "" ? null : v))) : rows;
}

async function roundTrip(value: unknown, format: StorageFormat, opts?: { kinds?: ColumnSchema }) {
  const encoded = await encodeResult(value, format, "node_x", opts);
  // What IndexedDB would hand back: a structured clone of the stored record.
  return { encoded, decoded: await decodeResult(structuredClone(encoded)) };
}

describe.each(FORMATS)("tables as %s", (format) => {
  it("keep column names, values, types and row order", async () => {
    const original = sampleTable();
    const { encoded, decoded } = await roundTrip(original, format);
    expect(encoded.kind).toBe("table");
    expect(encoded.byteLength).toBe(encoded.bytes?.byteLength);
    expect(decoded).toBeInstanceOf(aq.Table);
    const back = decoded as aq.ColumnTable;
    expect(back.columnNames()).toEqual(original.columnNames());
    expect(typedRows(back)).toEqual(expected(original, format));
  });

  it("store only the visible rows, in their order, of a filtered and ordered table", async () => {
    const view = sampleTable().filter((d) => d.id > 2).orderby(aq.desc("id"));
    const { decoded } = await roundTrip(view, format);
    expect((decoded as aq.ColumnTable).array("id", Array)).toEqual([6, 5, 4, 3]);
    expect(typedRows(decoded as aq.ColumnTable)).toEqual(expected(view, format));
  });

  it("round-trip a 100k-row table", async () => {
    const { decoded } = await roundTrip(BIG, format);
    expect((decoded as aq.ColumnTable).numRows()).toBe(100_000);
    expect(firstDifference(BIG, decoded as aq.ColumnTable)).toBeUndefined();
  });

  it("keep strings that look like dates or numbers as strings", async () => {
    const t = aq.table({ date: ["2024-09-13", "2024-09-12"], zip: ["01234", "98765"], yes: ["true", "false"] });
    const { decoded } = await roundTrip(t, format);
    expect((decoded as aq.ColumnTable).objects()).toEqual(t.objects());
  });

  it("keep an empty table's columns", async () => {
    const empty = aq.table({ a: [] as number[], b: [] as string[] });
    const { decoded } = await roundTrip(empty, format);
    expect((decoded as aq.ColumnTable).columnNames()).toEqual(["a", "b"]);
    expect((decoded as aq.ColumnTable).numRows()).toBe(0);
  });
});

describe("bigint columns", () => {
  const ints = () => aq.table({ n: [1n, null, 2n ** 62n, -5n] });
  it.each(["native", "csv", "parquet", "arrow"] as const)("stay bigint in %s", async (format) => {
    const { decoded } = await roundTrip(ints(), format);
    expect(typedRows(decoded as aq.ColumnTable)).toEqual([["1n"], [null], [`${2n ** 62n}n`], ["-5n"]]);
  });
});

describe("column kinds found by the fingerprint", () => {
  it("decide native storage without another scan: Arrow for flat kinds, data otherwise", async () => {
    const flat = await encodeResult(sampleTable(), "native", "t", { kinds: schemaOf(sampleTable()) });
    expect(flat.bytes?.byteLength).toBeGreaterThan(0);
    expect(flat.data).toBeUndefined();
    const nested = aq.table({ a: [{ x: 1 }, { x: 2 }] });
    const { encoded, decoded } = await roundTrip(nested, "native", { kinds: { a: "json" } });
    expect(encoded.bytes).toBeUndefined();
    expect((decoded as aq.ColumnTable).objects()).toEqual([{ a: { x: 1 } }, { a: { x: 2 } }]);
  });

  it("give flechette the string and boolean types it would infer: the same types and cells, no inference pass", async () => {
    const t = aq.table({ s: ["a", null, "b", "a"], b: [true, false, null, true], n: [1, 2, 3, 4], d: [new Date(0), null, new Date(1), new Date(2)] });
    const encoded = await encodeResult(t, "native", "t", { kinds: schemaOf(t) });
    expect(arrowContent(encoded.bytes!)).toEqual(arrowContent(aq.toArrowIPC(t, { format: "stream" }) as Uint8Array));
  });

  it("arrow is written as a Feather v2 file", async () => {
    const { encoded, decoded } = await roundTrip(sampleTable(), "arrow");
    expect(new TextDecoder().decode(encoded.bytes?.slice(0, 6))).toBe("ARROW1");
    expect(typedRows(decoded as aq.ColumnTable)).toEqual(typedRows(sampleTable()));
  });
});

describe("column kinds of a table read from Arrow", () => {
  // As the store reads it back: int64 as bigint.
  const viaArrow = (t: aq.ColumnTable) => ipcToTable(aq.toArrowIPC(t, { format: "stream" }) as Uint8Array, nodeSubject("t"));
  const materialised = (t: aq.ColumnTable) => aq.table(Object.fromEntries(t.columnNames().map((n) => [n, t.array(n, Array)])));

  it("are what its visible cells say, filtered or not, typed, dictionary or bigint columns alike", () => {
    const t = aq.table({
      city: ["a", null, "b", null, "a", null],
      empty: [null, "x", null, "y", null, "z"],
      amount: [1.5, 2, 3, 4, 5, 6],
      count: Int32Array.from([1, 2, 3, 4, 5, 6]),
      big: [1n, 2n, 3n, 4n, 5n, 6n],
    });
    const read = viaArrow(t);
    expect(schemaOf(read)).toEqual(schemaOf(t));
    expect(schemaOf(read)).toEqual({ city: "string", empty: "string", amount: "number", count: "number", big: "bigint" });
    // Only the even rows: `empty` shows nulls only there.
    const even = (d: { amount: number }) => d.amount === 1.5 || d.amount === 3 || d.amount === 5;
    expect(schemaOf(read.filter(even))).toEqual(schemaOf(materialised(t.filter(even))));
    expect(schemaOf(read.filter(even)).empty).toBe("null");
    expect(schemaOf(read.filter(() => false))).toEqual(schemaOf(materialised(t.filter(() => false))));
  });
});
