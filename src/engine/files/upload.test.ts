import { describe, expect, it } from "vitest";
import type { ColumnTable } from "arquero";
import { createIndexedDbBackend } from "../index";
import { openDatabase } from "../stores/database";
import { memoryBodyStore, OPFS_MIN_BYTES } from "../stores/opfs";
import { errorOf } from "../testing/errors";

/**
 * Uploads as the engine worker gets them: a File (a Blob) streamed into the body store chunk
 * by chunk, its header in IndexedDB. A Map-backed body store stands in for OPFS here.
 */
let count = 0;
function fresh() {
  const name = `upload_${++count}`;
  const bodies = memoryBodyStore();
  return { name, bodies, files: createIndexedDbBackend(name, { bodies }).files };
}

/** A CSV of `rows` rows, a few MB: large enough to be streamed. */
function csv(rows: number): Blob {
  const lines = ["id,city,amount"];
  for (let i = 0; i < rows; i++) lines.push(`${i},city ${i % 97},${(i * 0.25).toFixed(2)}`);
  return new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
}

/** Byte equality at memory speed (a deep toEqual walks megabytes element by element). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe("streamed uploads", () => {
  it("a large file is streamed to the body store with progress, listed, and read back whole", async () => {
    const { name, bodies, files } = fresh();
    const blob = csv(120_000);
    expect(blob.size).toBeGreaterThan(OPFS_MIN_BYTES);
    const seen: number[] = [];
    const info = await files.upload("flights.csv", blob, (bytes) => seen.push(bytes));
    expect(info).toMatchObject({ name: "flights.csv", format: "csv", size: blob.size, origin: "upload" });
    // Progress came chunk by chunk, rising to the whole size.
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(blob.size);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const header = (await openDatabase(name).files.get("flights.csv"))!;
    expect(header.body).toMatch(/^f-/);
    expect(header.checksum).toMatch(/^xxh128_/);
    expect(await openDatabase(name).fileBodies.get("flights.csv")).toBeUndefined();
    expect(bodies.files.get(header.body!)!.bytes.byteLength).toBe(blob.size);

    expect((await files.list()).map((f) => f.name)).toEqual(["flights.csv"]);
    expect(same(await files.readBytes("flights.csv"), new Uint8Array(await blob.arrayBuffer()))).toBe(true);
    const table = (await files.read("flights.csv")) as ColumnTable;
    expect(table.numRows()).toBe(120_000);
    expect(table.get("city", 119_999)).toBe(`city ${119_999 % 97}`);
  });

  it("a small file goes to IndexedDB as before", async () => {
    const { name, bodies, files } = fresh();
    await files.upload("tiny.csv", csv(3));
    expect(bodies.files.size).toBe(0);
    expect(await openDatabase(name).fileBodies.get("tiny.csv")).toBeDefined();
    expect(((await files.read("tiny.csv")) as ColumnTable).numRows()).toBe(3);
  });

  it("a mislabelled file is refused from its first and last bytes, before anything is stored", async () => {
    const { bodies, files } = fresh();
    const error = await errorOf(files.upload("fake.parquet", csv(120_000)));
    expect(error).toMatchObject({ code: "BAD_FILE", details: { file: "fake.parquet" } });
    expect(String(error)).toContain("`fake.parquet` is not a Parquet file: it does not start with PAR1");
    expect(bodies.files.size).toBe(0);
    expect(await files.list()).toEqual([]);
  });

  it("a cancelled upload (its progress callback throws) keeps nothing, and the file it would replace stays", async () => {
    const { bodies, files } = fresh();
    await files.upload("data.csv", csv(120_000));
    const before = await files.readBytes("data.csv");
    const bigger = csv(200_000);
    await expect(
      files.upload("data.csv", bigger, (bytes) => {
        if (bytes < bigger.size) throw new Error("cancelled");
      }),
    ).rejects.toThrow(/cancelled/);
    expect(bodies.files.size).toBe(1);
    expect(same(await files.readBytes("data.csv"), before)).toBe(true);
  });

  it("replacing and deleting files removes their bodies; a damaged body is refused by its checksum", async () => {
    const { bodies, files } = fresh();
    await files.upload("a.csv", csv(120_000));
    await files.upload("a.csv", csv(130_000));
    expect(bodies.files.size).toBe(1);
    const [body] = bodies.files.values();
    body.bytes[100] ^= 0x01;
    expect(String(await errorOf(files.read("a.csv")))).toContain("corrupt");
    await files.delete("a.csv");
    expect(bodies.files.size).toBe(0);
    await files.upload("b.csv", csv(120_000));
    await files.deleteAll();
    expect(bodies.files.size).toBe(0);
  });

  it("files written by node code that are large go to the body store too", async () => {
    const { bodies, files } = fresh();
    const { table } = await import("arquero");
    const t = table({ n: Array.from({ length: 300_000 }, (_, i) => i) });
    await files.write("n.arrow", t);
    expect(bodies.files.size).toBe(1);
    expect(((await files.read("n.arrow")) as ColumnTable).numRows()).toBe(300_000);
  });
});
