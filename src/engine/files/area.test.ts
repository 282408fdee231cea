import { beforeEach, describe, expect, it } from "vitest";
import * as aq from "arquero";
import { parquetWriteBuffer } from "hyparquet-writer";
import { SluiceDatabase } from "../stores/database";
import { isSluiceError, type SluiceError } from "../errors";
import { isTable } from "../formats";
import { sampleTable, typedRows } from "../formats/fixtures";
import { createDexieFileArea, createMemoryFileArea, type FileArea } from "./index";

let dbCount = 0;
const makers: [string, () => FileArea][] = [
  ["memory", () => createMemoryFileArea()],
  ["dexie", () => createDexieFileArea(new SluiceDatabase(`files_test_${++dbCount}`))],
];

async function failure(run: () => Promise<unknown>): Promise<SluiceError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSluiceError(error)) throw new Error(`expected a SluiceError, got ${String(error)}`);
  return error;
}

const text = (s: string) => new TextEncoder().encode(s);

describe.each(makers)("file area (%s)", (_kind, make) => {
  let files: FileArea;
  beforeEach(() => {
    files = make();
  });

  it.each(["csv", "json", "parquet", "arrow"])("writes a table as %s and reads it back exactly", async (format) => {
    const name = `out.${format}`;
    const written = await files.write(name, sampleTable(), undefined, "saver:saved_data");
    expect(written).toMatchObject({ name, format, origin: "saver:saved_data" });
    const back = await files.read(name);
    expect(isTable(back)).toBe(true);
    const rows = typedRows(sampleTable()).map((row) => row.map((v) => (format === "csv" && v === "" ? null : v)));
    expect(typedRows(back as aq.ColumnTable)).toEqual(rows);
  });

  it.each(["csv", "json"])("keeps string columns that look like dates or numbers as strings in %s", async (format) => {
    // The tutorial's `date` column: a reader that inferred types would turn it into Dates.
    const t = aq.table({ date: ["2024-09-13", "2024-09-12"], zip: ["01234", "98765"] });
    await files.write(`t.${format}`, t);
    expect(((await files.read(`t.${format}`)) as aq.ColumnTable).objects()).toEqual(t.objects());
  });

  it("lists files without their bytes, and deletes them", async () => {
    await files.write("b.json", { a: 1 });
    await files.write("a.bin", new Uint8Array([1, 2, 3]));
    const listed = await files.list();
    expect(listed.map((f) => [f.name, f.format, f.size])).toEqual([["a.bin", "bin", 3], ["b.json", "json", 7]]);
    expect(listed[0]).not.toHaveProperty("bytes");
    expect(typeof listed[0].updatedAt).toBe("number");
    await files.delete("a.bin");
    expect((await files.list()).map((f) => f.name)).toEqual(["b.json"]);
    await files.deleteAll();
    expect(await files.list()).toEqual([]);
  });

  it("keeps JSON values as values and bytes as bytes, copied", async () => {
    await files.write("meta.json", { source: "notebook", n: [1, 2] });
    expect(await files.read("meta.json")).toEqual({ source: "notebook", n: [1, 2] });
    const bytes = new Uint8Array([9, 8, 7]);
    await files.write("blob", bytes, "bin");
    bytes[0] = 0;
    const read = await files.readBytes("blob");
    read[1] = 0;
    expect(await files.readBytes("blob")).toEqual(new Uint8Array([9, 8, 7]));
  });

  it("overwrites a file of the same name", async () => {
    await files.write("x.json", [1]);
    await files.write("x.json", [2]);
    expect(await files.read("x.json")).toEqual([2]);
    expect(await files.list()).toHaveLength(1);
  });

  it("reads uploaded CSV with inferred types", async () => {
    const info = await files.upload("sales.csv", text("city,amount,date\nNew York,478.23,2024-09-13\nChicago,,2024-09-11\n"));
    expect(info).toMatchObject({ format: "csv", origin: "upload" });
    const t = (await files.read("sales.csv")) as aq.ColumnTable;
    expect(typedRows(t)).toEqual([
      ["New York", 478.23, `Date(${Date.UTC(2024, 8, 13)})`],
      ["Chicago", null, `Date(${Date.UTC(2024, 8, 11)})`],
    ]);
  });

  it("reads uploaded JSON rows as a table", async () => {
    await files.upload("rows.json", text('[{"a":1,"b":"x"},{"a":2,"b":null}]'));
    expect(((await files.read("rows.json")) as aq.ColumnTable).objects()).toEqual([{ a: 1, b: "x" }, { a: 2, b: null }]);
  });

  it("reads uploaded Parquet, with safe INT64 columns as numbers", async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: "id", data: [1n, 2n, null], type: "INT64" },
        { name: "name", data: ["a", "b", "c"], type: "STRING" },
      ],
    });
    await files.upload("up.parquet", new Uint8Array(bytes));
    expect(((await files.read("up.parquet")) as aq.ColumnTable).objects()).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
      { id: null, name: "c" },
    ]);
  });

  it.each(["file", "stream"] as const)("reads an uploaded Arrow IPC %s", async (format) => {
    const source = aq.table({ x: [1.5, null], s: ["p", "q"] });
    await files.upload("up.arrow", aq.toArrowIPC(source, { format }) as Uint8Array);
    expect(((await files.read("up.arrow")) as aq.ColumnTable).objects()).toEqual(source.objects());
  });

  it("refuses uploads whose bytes do not match their extension", async () => {
    for (const name of ["bad.parquet", "bad.arrow", "bad.json"]) {
      expect((await failure(() => files.upload(name, text("a,b\n1,2\n")))).code).toBe("BAD_FILE");
    }
    expect(await files.list()).toEqual([]);
  });

  it("names a missing file", async () => {
    await files.write("there.json", 1);
    const error = await failure(() => files.read("missing.csv"));
    expect(error.code).toBe("STORAGE");
    expect(error.message).toContain("missing.csv");
    expect((await failure(() => files.readBytes("missing.csv"))).code).toBe("STORAGE");
  });

  it("refuses names without a format and values the format cannot hold", async () => {
    expect((await failure(() => files.write("noext", aq.table({ a: [1] })))).code).toBe("BAD_OPTION");
    expect((await failure(() => files.write("x.parquet", { a: 1 })))).toMatchObject({ code: "BAD_OPTION" });
    expect((await failure(() => files.write("x.csv", aq.table({ a: [{ n: 1 }] }))))).toMatchObject({ code: "BAD_OPTION" });
    expect((await failure(() => files.write("", 1, "json")))).toMatchObject({ code: "BAD_OPTION" });
    expect(await files.list()).toEqual([]);
  });
});

describe("the Dexie file area", () => {
  it("keeps files in IndexedDB across connections", async () => {
    const name = `files_persist_${++dbCount}`;
    await createDexieFileArea(new SluiceDatabase(name)).write("keep.parquet", aq.table({ a: [1, 2] }));
    const again = createDexieFileArea(new SluiceDatabase(name));
    expect(((await again.read("keep.parquet")) as aq.ColumnTable).array("a", Array)).toEqual([1, 2]);
  });
});
