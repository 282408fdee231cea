import { fromCSV, toCSV } from "arquero";
import { cannotHold, cannotRead } from "./errors";
import { readCsvText } from "./csvRead";
import { utf8, type TableCodec } from "./codec";
import type { ColumnKind } from "./table";
import { schemaOf } from "./table";
import { SURROGATES } from "./wellFormed";

/** How a cell's text turns back into its value; CSV itself only has strings. */
const PARSERS: Partial<Record<ColumnKind, (text: string) => unknown>> = {
  number: Number,
  boolean: (text) => text === "true",
  date: (text) => new Date(text),
  bigint: (text) => BigInt(text),
};

/** Kinds that have one obvious text form per cell; objects, bytes and mixed columns do not. */
const WRITABLE = new Set<ColumnKind>(["null", "number", "string", "boolean", "date", "bigint"]);

/**
 * CSV with a header row, dates as ISO-8601 in UTC (Arquero's own writer). Caveats, see
 * docs/formats.md: an empty string and null are the same empty cell.
 */
export const csvCodec: TableCodec = {
  async encode(table, { subject }) {
    const schema = schemaOf(table);
    for (const [name, kind] of Object.entries(schema)) {
      if (!WRITABLE.has(kind)) {
        const what = kind === "json" ? "nested objects or arrays" : kind === "mixed" ? "values of several types" : kind === "surrogates" ? SURROGATES : `${kind} values`;
        throw cannotHold(subject, "csv", `column \`${name}\` holds ${what}; use \`json\`, \`arrow\` or the default format`);
      }
    }
    return { bytes: utf8.encode(toCSV(table)), schema };
  },

  async decode(bytes, { subject, schema, csv }) {
    try {
      const text = utf8.decode(bytes);
      // A file someone brings (or read with options): its shape checked, types as asked.
      if (!schema || csv) return readCsvText(text, csv ?? {});
      const parse: Record<string, (text: string) => unknown> = {};
      for (const [name, kind] of Object.entries(schema)) {
        const parser = PARSERS[kind];
        if (parser) parse[name] = parser;
      }
      return fromCSV(text, { autoType: false, parse });
    } catch (error) {
      throw cannotRead(subject, "csv", error);
    }
  },
};
