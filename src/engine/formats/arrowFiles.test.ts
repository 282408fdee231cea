import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { gunzipSync } from "fflate";
import type { ColumnTable } from "arquero";
import { decodeFile } from "../files/decode";
import { fileSubject } from "./errors";

/*
 * Arrow IPC files and streams with compressed buffers, written by Arrow C++ for Arrow's
 * integration tests (fixtures/README.md). The expected contents are the JSON files published
 * beside them in Arrow's integration format: per batch, per column, VALIDITY and DATA.
 */

const here = new URL("./fixtures/arrow-testing/", import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, here)));

interface JsonColumn {
  name: string;
  VALIDITY: number[];
  DATA: (string | number)[];
}

/** The published contents as columns of plain values, nulls where VALIDITY is 0. */
function published(name: string): Record<string, unknown[]> {
  const json = JSON.parse(new TextDecoder().decode(gunzipSync(bytes(name)))) as {
    schema: { fields: { name: string; type: { name: string } }[] };
    batches: { columns: JsonColumn[] }[];
  };
  const columns: Record<string, unknown[]> = {};
  for (const field of json.schema.fields) columns[field.name] = [];
  for (const batch of json.batches) {
    for (const column of batch.columns) {
      const type = json.schema.fields.find((f) => f.name === column.name)!.type.name;
      // Integers are 64-bit, published as strings; small ones read back as numbers (narrowBigInts).
      column.VALIDITY.forEach((valid, i) => columns[column.name].push(valid ? (type === "int" ? Number(column.DATA[i]) : column.DATA[i]) : null));
    }
  }
  return columns;
}

describe("Arrow IPC with buffer compression (Arrow C++)", () => {
  it.each([
    ["generated_lz4.arrow_file", "generated_lz4.json.gz"],
    ["generated_lz4.stream", "generated_lz4.json.gz"],
    ["generated_zstd.arrow_file", "generated_zstd.json.gz"],
    ["generated_zstd.stream", "generated_zstd.json.gz"],
  ])("%s reads as published", async (file, json) => {
    const t = (await decodeFile(bytes(file), "arrow", fileSubject(file))) as ColumnTable;
    const expected = published(json);
    expect(t.columnNames()).toEqual(Object.keys(expected));
    expect(t.numRows()).toBe(expected[t.columnNames()[0]].length);
    expect(t.numRows()).toBeGreaterThan(0);
    for (const name of t.columnNames()) expect(t.array(name, Array)).toEqual(expected[name]);
  });
});
