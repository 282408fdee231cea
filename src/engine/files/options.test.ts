import { describe, expect, it } from "vitest";
import type { ColumnTable } from "arquero";
import { errorOf } from "../testing/errors";
import { sampleTable } from "../formats/fixtures";
import { createMemoryFileArea } from "./index";

const text = (s: string) => new TextEncoder().encode(s);


const CSV = "zip,city,pop\n02134,Allston,29000\n10001,New York,21102\n";

describe("files.read of CSV and TSV files people have", () => {
  it("keeps a zip code column as text when asked, and infers the rest", async () => {
    const files = createMemoryFileArea();
    await files.upload("zips.csv", text(CSV));
    const inferred = (await files.read("zips.csv")) as ColumnTable;
    expect(inferred.array("zip", Array)).toEqual([2134, 10001]);
    const typed = (await files.read("zips.csv", { format: "csv", types: { zip: "string" } })) as ColumnTable;
    expect(typed.array("zip", Array)).toEqual(["02134", "10001"]);
    expect(typed.array("pop", Array)).toEqual([29000, 21102]);
  });

  it("takes a delimiter, no header, and typed columns named col1, col2...", async () => {
    const files = createMemoryFileArea();
    await files.upload("eu.csv", text("1;2024-09-13;true\n2;2024-09-14;false\n"));
    const t = (await files.read("eu.csv", { delimiter: ";", header: false, types: { col1: "bigint", col2: "string" } })) as ColumnTable;
    expect(t.columnNames()).toEqual(["col1", "col2", "col3"]);
    expect(t.objects()).toEqual([
      { col1: 1n, col2: "2024-09-13", col3: true },
      { col1: 2n, col2: "2024-09-14", col3: false },
    ]);
  });

  it("reads .tsv files with tabs, with a byte order mark and CRLF line ends", async () => {
    const files = createMemoryFileArea();
    await files.upload("data.tsv", text("\uFEFFname\tscore\r\nAda\t9.5\r\nGrace\t8\r\n\r\n"));
    expect(((await files.read("data.tsv")) as ColumnTable).objects()).toEqual([
      { name: "Ada", score: 9.5 },
      { name: "Grace", score: 8 },
    ]);
  });

  it.each([
    ["a,b\n1,2\n3,4,5\n", "line 3 has 3 fields; the header has 2"],
    ["a,b\n1,2\n3\n", "line 3 has 1 field; the header has 2"],
    ['a,b\n"one\ntwo",2\n\n5,6\n', "line 4 is empty; the header has 2"],
    ['a,b\n"x,y",2\n"never closed,3\n', "line 3: a quoted field is never closed"],
  ])("a malformed row is an error naming its line (%j)", async (csv, why) => {
    const files = createMemoryFileArea();
    await files.upload("bad.csv", text(csv));
    const error = await errorOf(files.read("bad.csv"));
    expect(error.code).toBe("BAD_FILE");
    expect(error.message).toContain("File `bad.csv`");
    expect(error.message).toContain(why);
  });

  it("a cell that is not of its column's type names the line and column", async () => {
    const files = createMemoryFileArea();
    await files.upload("n.csv", text('id,n\n1,"multi\nline"\nx,abc\n'));
    const error = await errorOf(files.read("n.csv", { types: { id: "number" } }));
    expect(error.message).toContain("File `n.csv`");
    // The quoted field spans lines 2 and 3, so the bad id is on line 4.
    expect(error.message).toContain('line 4, column `id`: "x" is not a number');
    await files.upload("m.csv", text("id,n\n1,2\n2,abc\n"));
    const bad = await errorOf(files.read("m.csv", { types: { n: "number" } }));
    expect(bad.message).toContain('line 3, column `n`: "abc" is not a number');
  });
});

describe("file options are checked", () => {
  it.each([
    [{ types: { zip: "text" } }, 'column `zip` has unknown type "text"'],
    [{ delimiter: "::" }, "`delimiter` must be one character"],
    [{ header: "yes" }, "`header` must be true or false"],
    [{ delimeter: ";" }, "unknown option `delimeter`"],
    [{ format: "parquet", delimiter: ";" }, "only apply to CSV files"],
    [{ types: { nope: "string" } }, "`types` names `nope`, which the file does not have"],
  ])("read %j", async (options, why) => {
    const files = createMemoryFileArea();
    await files.upload("zips.csv", text(CSV));
    const error = await errorOf(files.read("zips.csv", options as never));
    expect(error.message).toContain(why);
  });

  it.each([
    ["t.parquet", { compression: "brotli" }, "reads BROTLI Parquet files but cannot write them"],
    ["t.csv", { compression: "zstd" }, "`compression` applies to Parquet files"],
    ["t.parquet", { format: "xlsx" }, 'unknown format "xlsx"'],
  ])("write %s %j", async (name, options, why) => {
    const error = await errorOf(createMemoryFileArea().write(name, sampleTable(), options as never));
    expect(error.code).toBe("BAD_OPTION");
    expect(error.message).toContain(why);
  });

  it("files.write with { compression: \"zstd\" } writes ZSTD Parquet that reads back", async () => {
    const files = createMemoryFileArea();
    await files.write("t.parquet", sampleTable(), { compression: "zstd" });
    const bytes = await files.readBytes("t.parquet");
    const { parquetMetadata } = await import("hyparquet");
    expect(parquetMetadata(bytes.slice().buffer).row_groups[0].columns[0].meta_data?.codec).toBe("ZSTD");
    expect(((await files.read("t.parquet")) as ColumnTable).array("city", Array)).toEqual(sampleTable().array("city", Array));
  });
});

describe("files.read with { columns }", () => {
  it("reads only the columns named, in the order named; a Parquet file's others are never decoded", async () => {
    const files = createMemoryFileArea();
    const table = sampleTable();
    const [first, second] = table.columnNames();
    for (const name of ["t.parquet", "t.csv", "t.arrow", "t.json"]) {
      await files.write(name, table);
      const read = (await files.read(name, { columns: [second, first] })) as ColumnTable;
      expect(read.columnNames(), name).toEqual([second, first]);
      expect(read.numRows(), name).toBe(table.numRows());
      expect(read.array(first, Array), name).toEqual(((await files.read(name)) as ColumnTable).array(first, Array));
    }
    // Parquet: the column left out is not in what was decoded at all.
    const { readParquet } = await import("../formats/parquetRead");
    const only = await readParquet(await files.readBytes("t.parquet"), [second]);
    expect(only.columnNames()).toEqual([second]);
    expect(only.numRows()).toBe(table.numRows());
  });

  it("names a column the file lacks, with the ones it has; refuses a list that is not of names", async () => {
    const files = createMemoryFileArea();
    await files.write("t.parquet", sampleTable());
    const missing = await errorOf(files.read("t.parquet", { columns: ["nope"] }));
    expect(missing.code).toBe("BAD_OPTION");
    expect(missing.message).toMatch(/^File `t\.parquet` has no column `nope` \(it has `/);
    for (const columns of [[], "city", [1], () => true]) {
      const bad = await errorOf(files.read("t.parquet", { columns } as never));
      expect(bad.code).toBe("BAD_OPTION");
      expect(bad.message).toContain("`columns` must be a list of column names");
    }
  });
});

describe("a run without the cache", () => {
  it("still reads the user's file area (withFiles)", async () => {
    const { Builder } = await import("../index");
    const files = createMemoryFileArea();
    await files.upload("zips.csv", text(CSV));
    const source = `import { files } from "sluice";\nexport async function zips() { return await files.read("zips.csv", { types: { zip: "string" } }); }`;
    const dr = await new Builder().withModules(source).withFiles(files).build();
    const { zips } = (await dr.execute(["zips"])) as { zips: ColumnTable };
    expect(zips.array("zip", Array)).toEqual(["02134", "10001"]);
  });
});

describe("uploads of Parquet and Arrow files from other tools", () => {
  it.each([
    ["brotli.parquet", "../formats/fixtures/hyparquet/brotli_compressed.parquet", "v11", [42, 7.7, 42.125, 7.7]],
    ["lz4.arrow", "../formats/fixtures/arrow-testing/generated_lz4.arrow_file", "ints", [42, 43, 44]],
  ])("%s is accepted at upload and reads as a table", async (name, path, column, values) => {
    const { readFileSync } = await import("node:fs");
    const files = createMemoryFileArea();
    await files.upload(name, new Uint8Array(readFileSync(new URL(path, import.meta.url))));
    const t = (await files.read(name)) as ColumnTable;
    // As published: hyparquet's brotli_compressed.json; generated_lz4.json.gz (its first ints).
    expect(t.array(column, Array).slice(0, values.length)).toEqual(values);
  });
});
