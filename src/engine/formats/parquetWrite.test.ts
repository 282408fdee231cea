import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { parquetMetadata } from "hyparquet";
import { decodeResult, encodeResult } from "./index";
import { codecsOf } from "./parquetCompression";
import { sampleTable, typedRows } from "./fixtures";
import { isSluiceError } from "../errors";

const codecs = (bytes: Uint8Array) => [...codecsOf(parquetMetadata(bytes.slice().buffer))];

describe("writing Parquet with a compression", () => {
  it.each([
    [undefined, "SNAPPY"],
    ["snappy", "SNAPPY"],
    ["zstd", "ZSTD"],
    ["gzip", "GZIP"],
    ["none", "UNCOMPRESSED"],
  ] as const)("%s writes %s pages that read back exactly", async (compression, codec) => {
    const encoded = await encodeResult(sampleTable(), "parquet", "n", { compression });
    expect(codecs(encoded.bytes!)).toEqual([codec]);
    const back = (await decodeResult(encoded)) as aq.ColumnTable;
    expect(typedRows(back)).toEqual(typedRows(sampleTable()));
  });

  it("zstd is read back by another reader (parquet-wasm, arrow-rs)", async () => {
    const pw = await import("parquet-wasm/node");
    const encoded = await encodeResult(sampleTable(), "parquet", "n", { compression: "zstd" });
    const ipc = pw.readParquet(encoded.bytes!).intoIPCStream();
    expect(aq.fromArrow(ipc).array("city", Array)).toEqual(sampleTable().array("city", Array));
  });

  it("zstd pages of a larger table are smaller than snappy ones", async () => {
    const t = aq.table({ note: Array.from({ length: 20_000 }, (_, i) => `row ${i % 500} of a repetitive column`) });
    const [snappy, zstd] = await Promise.all([
      encodeResult(t, "parquet", "n", { compression: "snappy" }),
      encodeResult(t, "parquet", "n", { compression: "zstd" }),
    ]);
    expect(zstd.byteLength).toBeLessThan(snappy.byteLength);
  });
});

describe("the compression option", () => {
  it.each([
    ["lz4", "reads LZ4 Parquet files but cannot write them"],
    ["brotli", "reads BROTLI Parquet files but cannot write them"],
    ["zip", 'unknown compression "zip"'],
  ])("%s is refused with BAD_OPTION", async (compression, why) => {
    const { checkCompression } = await import("./parquetCompression");
    let error: unknown;
    try {
      checkCompression(compression, { label: "Node `n`", node: "n" });
    } catch (e) {
      error = e;
    }
    expect(isSluiceError(error) && error.code).toBe("BAD_OPTION");
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).toContain("use snappy, zstd, gzip, none");
  });
});

describe("cache({ format: \"parquet\", compression })", () => {
  const source = (options: string) => `import * as aq from "arquero";
import { cache } from "sluice";
export const t = cache(${options}, () => aq.table({ a: [1, 2, 3], b: ["x", "y", "z"] }));`;

  it("stores ZSTD pages and reads them back on the next run", async () => {
    const { Builder, createMemoryBackend } = await import("../index");
    const backend = createMemoryBackend();
    const build = () => new Builder().withModules(source(`{ format: "parquet", compression: "zstd" }`)).withCache({ backend }).build();
    const dr = await build();
    await dr.execute(["t"]);
    const dataVersion = dr.cache.dataVersions[dr.cache.lastRunId!].t;
    const stored = await backend.resultStore.getStored(dataVersion);
    expect(codecs(stored!.bytes!)).toEqual(["ZSTD"]);
    const again = await build();
    const { t } = (await again.execute(["t"])) as { t: aq.ColumnTable };
    expect(again.cache.logs(again.cache.lastRunId!, { level: "info" }).t.map(String)).toContain("t::result_store::get_result::hit");
    expect(t.objects()).toEqual([{ a: 1, b: "x" }, { a: 2, b: "y" }, { a: 3, b: "z" }]);
  });

  it.each([
    [`{ format: "parquet", compression: "lz9" }`, 'unknown compression "lz9"'],
    [`{ format: "csv", compression: "zstd" }`, 'applies to `format: "parquet"` only'],
  ])("%s fails the build with BAD_OPTION", async (options, why) => {
    const { Builder, createMemoryBackend } = await import("../index");
    const { errorOf } = await import("../testing/errors");
    const error = await errorOf(new Builder().withModules(source(options)).withCache({ backend: createMemoryBackend() }).build());
    expect(error.code).toBe("BAD_OPTION");
    expect(error.message).toContain(why);
  });
});
