import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { ColumnTable } from "arquero";
import { decodeFile } from "../files/decode";
import { fileSubject } from "./errors";
import { codecsOf } from "./parquetCompression";

/*
 * Parquet files written by other tools (fixtures/README.md names each source), read the way
 * `files.read` reads an upload, compared with the values their publishers state. Each
 * expectation names where it is published; none is "what our reader returned".
 */

const here = new URL("./fixtures/", import.meta.url);
const bytes = (path: string) => new Uint8Array(readFileSync(new URL(path, here)));
const read = async (path: string) => (await decodeFile(bytes(path), "parquet", fileSubject(path))) as ColumnTable;
const col = (t: ColumnTable, name: string) => t.array(name, Array) as unknown[];
const iso = (values: unknown[]) => values.map((v) => (v instanceof Date ? v.toISOString() : v));

async function codecOf(path: string): Promise<string[]> {
  const { parquetMetadata } = await import("hyparquet");
  return [...codecsOf(parquetMetadata(bytes(path).buffer as ArrayBuffer))];
}

describe("alltypes files (Impala, via parquet-testing)", () => {
  // Expected rows: DuckDB's test/sql/copy/parquet/test_parquet_scan.test, which reads the same
  // parquet-testing files (bool as 1/0 there, true/false here; timestamps are INT96).
  const PLAIN = [
    [4, true, 0, 0, 0, 0, 0, 0, "03/01/09", "0", "2009-03-01T00:00:00.000Z"],
    [5, false, 1, 1, 1, 10, 1.1, 10.1, "03/01/09", "1", "2009-03-01T00:01:00.000Z"],
    [6, true, 0, 0, 0, 0, 0, 0, "04/01/09", "0", "2009-04-01T00:00:00.000Z"],
    [7, false, 1, 1, 1, 10, 1.1, 10.1, "04/01/09", "1", "2009-04-01T00:01:00.000Z"],
    [2, true, 0, 0, 0, 0, 0, 0, "02/01/09", "0", "2009-02-01T00:00:00.000Z"],
    [3, false, 1, 1, 1, 10, 1.1, 10.1, "02/01/09", "1", "2009-02-01T00:01:00.000Z"],
    [0, true, 0, 0, 0, 0, 0, 0, "01/01/09", "0", "2009-01-01T00:00:00.000Z"],
    [1, false, 1, 1, 1, 10, 1.1, 10.1, "01/01/09", "1", "2009-01-01T00:01:00.000Z"],
  ];
  const rowsOf = (t: ColumnTable) => {
    const cols = t.columnNames().map((n) => iso(col(t, n)));
    // float_col is FLOAT (32-bit): 1.1 is stored as 1.100000023841858, so compare at float precision.
    return Array.from({ length: t.numRows() }, (_, r) => cols.map((c, i) => (i === 6 ? Math.fround(c[r] as number) : c[r])));
  };
  const asFloat = (rows: unknown[][]) => rows.map((row) => row.map((v, i) => (i === 6 ? Math.fround(v as number) : v)));

  it.each([
    ["alltypes_plain.parquet (PLAIN, uncompressed)", "parquet-testing/alltypes_plain.parquet", PLAIN, "UNCOMPRESSED"],
    ["alltypes_plain.snappy.parquet (SNAPPY)", "parquet-testing/alltypes_plain.snappy.parquet", PLAIN.slice(2, 4), "SNAPPY"],
    ["alltypes_dictionary.parquet (dictionary pages)", "parquet-testing/alltypes_dictionary.parquet", PLAIN.slice(6, 8), "UNCOMPRESSED"],
  ])("%s", async (_label, path, expected, codec) => {
    expect(await codecOf(path)).toEqual([codec]);
    const t = await read(path);
    expect(t.columnNames()).toEqual([
      "id", "bool_col", "tinyint_col", "smallint_col", "int_col", "bigint_col",
      "float_col", "double_col", "date_string_col", "string_col", "timestamp_col",
    ]);
    expect(rowsOf(t)).toEqual(asFloat(expected));
  });
});

describe("every compression codec", () => {
  // c0/c1/v11: polars' parquet tests (test_lz4_inference) and DataFusion's parquet-testing
  // sqllogictests state these rows for the LZ4 files; hyparquet's test/files/*.json states the
  // same for lz4_raw_compressed and brotli_compressed (written by pyarrow 15 with BROTLI).
  const C0 = [1593604800, 1593604800, 1593604801, 1593604801];
  const C1 = ["abc", "def", "abc", "def"];
  const V11 = [42, 7.7, 42.125, 7.7];
  it.each([
    ["parquet-testing/hadoop_lz4_compressed.parquet", "LZ4"],
    ["parquet-testing/non_hadoop_lz4_compressed.parquet", "LZ4"],
    ["parquet-testing/lz4_raw_compressed.parquet", "LZ4_RAW"],
    ["hyparquet/brotli_compressed.parquet", "BROTLI"],
  ])("%s (%s)", async (path, codec) => {
    expect(await codecOf(path)).toEqual([codec]);
    const t = await read(path);
    expect([col(t, "c0"), col(t, "c1"), col(t, "v11")]).toEqual([C0, C1, V11]);
  });

  it("GZIP with two concatenated gzip members in one page", async () => {
    const path = "parquet-testing/concatenated_gzip_members.parquet";
    expect(await codecOf(path)).toEqual(["GZIP"]);
    // parquet-testing's README: "513 UINT64 numbers"; they are 1..513 (hyparquet's
    // test/files/concatenated_gzip_members.json, arrow-rs' test of the same file).
    expect(col(await read(path), "long_col")).toEqual(Array.from({ length: 513 }, (_, i) => i + 1));
  });

  it("ZSTD with BYTE_STREAM_SPLIT floats (pyarrow 14)", async () => {
    const path = "parquet-testing/byte_stream_split.zstd.parquet";
    expect(await codecOf(path)).toEqual(["ZSTD"]);
    const t = await read(path);
    expect(t.numRows()).toBe(300);
    // The README's generator is np.random.seed(0); normal(size=300) twice. Its first draws are
    // numpy's well-known 1.76405235, 0.40015721, 0.97873798, 2.2408932 (f32 stored as float32);
    // f64's first values from hyparquet's test/files/byte_stream_split.zstd.json.
    const f32 = col(t, "f32") as number[];
    [1.76405235, 0.40015721, 0.97873798, 2.2408932].forEach((v, i) => expect(f32[i]).toBeCloseTo(v, 6));
    expect(col(t, "f64").slice(0, 3)).toEqual([-1.3065268517353166, 1.658130679618188, -0.11816404512856976]);
  });
});

describe("decimals, timestamps and nested columns", () => {
  // DuckDB's test/sql/copy/parquet/test_parquet_decimal.test: 1.00 ... 24.00 for
  // fixed_length_decimal; the int32/int64/byte_array files hold the same 24 values
  // (arrow-rs' test_read_decimal_file, hyparquet's byte_array_decimal.json).
  it.each(["int32_decimal", "int64_decimal", "fixed_length_decimal", "byte_array_decimal"])("%s.parquet", async (name) => {
    expect(col(await read(`parquet-testing/${name}.parquet`), "value")).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it("INT96 timestamps from Spark", async () => {
    const t = await read("parquet-testing/int96_from_spark.parquet");
    // int96_from_spark.md: 1704141296123456, 1704070800000000, 253402225200000000,
    // 1735599600000000, null, 9089380393200000000 microseconds since the epoch. Dates hold
    // milliseconds, so .123456 is .123.
    const values = col(t, "a") as (Date | null)[];
    expect(values.slice(0, 5).map((d) => d && d.getTime())).toEqual([1704141296123, 1704070800000, 253402225200000, 1735599600000, null]);
    // The sixth (year 290000) is past the last year a Date can hold (275760): an Invalid Date,
    // not some other date.
    expect(values[5]).toBeInstanceOf(Date);
    expect(Number.isNaN(values[5]!.getTime())).toBe(true);
  });

  it("a legacy two-level LIST<LIST<INT32>> (parquet-java 1.14.3)", async () => {
    // old_list_structure.md: a single value [[1, 2], [3, 4]].
    expect(col(await read("parquet-testing/old_list_structure.parquet"), "a")).toEqual([[[1, 2], [3, 4]]]);
  });

  it("MAP with null values and a LIST (parquet-rs 53.2.0) as plain objects and arrays", async () => {
    // map_no_value.md's writer: keys 1..9 in rows of three (repetition levels 0,1,1), no values;
    // list elements 1..9 the same way. Map keys become object keys, as JSON has them.
    const t = await read("parquet-testing/map_no_value.parquet");
    expect(col(t, "my_map")).toEqual([
      { 1: null, 2: null, 3: null },
      { 4: null, 5: null, 6: null },
      { 7: null, 8: null, 9: null },
    ]);
    expect(col(t, "my_list")).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  });
});

describe("timestamps of every unit and exact decimals (files written by arrow-rs)", () => {
  it("MILLIS, MICROS and NANOS timestamps, DATE and DECIMAL come back as written", async () => {
    // parquet-wasm (arrow-rs compiled to wasm, a dev dependency) writes the file; the expected
    // values are the ones given to it, not what our reader returns.
    const { tableFromArrays, tableToIPC, timestamp, TimeUnit, dateDay, decimal } = await import("@uwdata/flechette");
    const pw = await import("parquet-wasm/node");
    const when = [Date.UTC(2024, 8, 13, 10, 5, 3, 7), Date.UTC(1969, 6, 20, 20, 17, 40, 999), null];
    const days = [Date.UTC(2024, 8, 13), Date.UTC(1969, 6, 20), null];
    const arrow = tableFromArrays(
      { ms: when, us: when, ns: when, day: days, tenths: [0.3, 0.7, null], cents: [-12.34, 1234567.25, null] },
      {
        types: {
          ms: timestamp(TimeUnit.MILLISECOND),
          us: timestamp(TimeUnit.MICROSECOND),
          ns: timestamp(TimeUnit.NANOSECOND),
          day: dateDay(),
          tenths: decimal(9, 1, 128),
          cents: decimal(18, 2, 128),
        },
      },
    );
    const file = pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(arrow, { format: "stream" })!));
    const t = (await decodeFile(file, "parquet", fileSubject("units.parquet"))) as ColumnTable;
    const times = (name: string) => col(t, name).map((d) => (d instanceof Date ? d.getTime() : d));
    expect(times("ms")).toEqual(when);
    expect(times("us")).toEqual(when);
    expect(times("ns")).toEqual(when);
    expect(times("day")).toEqual(days);
    // 3 * 0.1 is 0.30000000000000004 in floating point; a decimal 0.3 must read as 0.3.
    expect(col(t, "tenths")).toEqual([0.3, 0.7, null]);
    expect(col(t, "cents")).toEqual([-12.34, 1234567.25, null]);
  });
});

describe("REQUIRED numeric columns", () => {
  it("stay typed arrays across row groups, with the values written", async () => {
    const { parquetWriteBuffer } = await import("hyparquet-writer");
    const n = 2500;
    const file = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: "x", data: Float64Array.from({ length: n }, (_, i) => i / 4), type: "DOUBLE", nullable: false },
          { name: "k", data: Int32Array.from({ length: n }, (_, i) => i * 3), type: "INT32", nullable: false },
          { name: "maybe", data: Array.from({ length: n }, (_, i) => (i % 7 ? i : null)), type: "INT32" },
        ],
        rowGroupSize: 1000, // three row groups: 1000, 1000, 500
      }),
    );
    const t = (await decodeFile(file, "parquet", fileSubject("req.parquet"))) as ColumnTable;
    expect(t.column("x")).toBeInstanceOf(Float64Array);
    expect(t.column("k")).toBeInstanceOf(Int32Array);
    expect(col(t, "x")).toEqual(Array.from({ length: n }, (_, i) => i / 4));
    expect(col(t, "k")).toEqual(Array.from({ length: n }, (_, i) => i * 3));
    expect(col(t, "maybe")).toEqual(Array.from({ length: n }, (_, i) => (i % 7 ? i : null)));
  });
});
