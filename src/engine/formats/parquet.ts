import type { BasicType, ColumnSource } from "hyparquet-writer";
import { cannotHold, cannotRead, jsonProblem, type Subject } from "./errors";
import type { TableCodec } from "./codec";
import { columnValues, kindOfColumn } from "./table";
import { SURROGATES } from "./wellFormed";
import { compressorFor, DEFAULT_PARQUET_COMPRESSION } from "./parquetCompression";
import { readParquet } from "./parquetRead";
import { isSluiceError } from "../errors";

/*
 * Parquet through hyparquet + hyparquet-writer (pure JS, ~37 KB gzipped); docs/formats.md has
 * the comparison with parquet-wasm. Both are imported lazily so that the engine's startup does
 * not pay for them until a node or a file actually uses Parquet; codecs beyond snappy load
 * later still, when a file or a `compression` needs them (parquetCompression.ts). Reading is in
 * parquetRead.ts.
 */

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function numberType(values: unknown[]): BasicType {
  for (const v of values) {
    if (typeof v !== "number") continue;
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX || Object.is(v, -0)) return "DOUBLE";
  }
  return "INT32";
}

/** The Parquet type for a column, or a BAD_OPTION saying why it has none. */
function columnSource(name: string, values: unknown[], subject: Subject): ColumnSource {
  const kind = kindOfColumn(values);
  const data = values.map((v) => (v === undefined ? null : v));
  switch (kind) {
    case "null":
    case "string":
      return { name, data, type: "STRING" };
    case "number":
      return { name, data, type: numberType(values) };
    case "boolean":
      return { name, data, type: "BOOLEAN" };
    case "date":
      return { name, data, type: "TIMESTAMP" };
    case "bigint":
      return { name, data, type: "INT64" };
    case "json": {
      for (let i = 0; i < data.length; i++) {
        const problem = data[i] === null ? undefined : jsonProblem(data[i], `${name}[${i}]`);
        if (problem) throw cannotHold(subject, "parquet", `nested cells are stored as JSON, which cannot hold ${problem}`);
      }
      return { name, data, type: "JSON" };
    }
    case "bytes":
    case "mixed":
    case "surrogates":
    case "other": {
      const what = kind === "mixed" ? "values of several types" : kind === "bytes" ? "binary cells" : kind === "surrogates" ? SURROGATES : "values that are not data";
      throw cannotHold(subject, "parquet", `column \`${name}\` holds ${what}; use \`arrow\` or the default format`);
    }
  }
}

export const parquetCodec: TableCodec = {
  async encode(table, { subject, compression }) {
    const columnData = table.columnNames().map((name) => columnSource(name, columnValues(table, name), subject));
    const [{ parquetWriteBuffer }, { codec, compressors }] = await Promise.all([
      import("hyparquet-writer"),
      compressorFor(compression ?? DEFAULT_PARQUET_COMPRESSION),
    ]);
    try {
      return { bytes: new Uint8Array(parquetWriteBuffer({ columnData, statistics: false, codec, compressors })) };
    } catch (error) {
      throw cannotHold(subject, "parquet", (error as Error).message, error);
    }
  },

  async decode(bytes, { subject, columns }) {
    try {
      return await readParquet(bytes, columns, subject);
    } catch (error) {
      // Columns asked for that the file lacks: the caller's mistake, not the file's.
      if (isSluiceError(error)) throw error;
      throw cannotRead(subject, "parquet", error);
    }
  },
};
