import { SluiceError } from "../errors";

/** What a CSV column can be read as; `string` keeps text such as zip codes ("02134") as it is. */
export const CSV_COLUMN_TYPES = ["string", "number", "boolean", "date", "bigint"] as const;
export type CsvColumnType = (typeof CSV_COLUMN_TYPES)[number];

/**
 * How to read a CSV/TSV file someone brings: `files.read("x.csv", { delimiter: ";", header:
 * false, types: { zip: "string" } })`. Columns not in `types` are inferred (numbers, dates,
 * booleans), as pandas' read_csv and Arquero's fromCSV do.
 */
export interface CsvReadOptions {
  /** One character; `,` by default, a tab for `.tsv` files. */
  delimiter?: string;
  /** Whether the first line names the columns (default true); without one they are col1, col2... */
  header?: boolean;
  types?: Record<string, CsvColumnType>;
}

const bad = (label: string, option: string, why: string) =>
  new SluiceError("BAD_OPTION", `${label}: ${why}`, { option });

/** The options checked one by one, so a typo says which option and what it takes. */
export function checkCsvOptions(options: Record<string, unknown>, label: string): CsvReadOptions {
  const { delimiter, header, types } = options;
  const checked: CsvReadOptions = {};
  if (delimiter !== undefined) {
    if (typeof delimiter !== "string" || delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
      throw bad(label, "delimiter", `\`delimiter\` must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
    }
    checked.delimiter = delimiter;
  }
  if (header !== undefined) {
    if (typeof header !== "boolean") throw bad(label, "header", `\`header\` must be true or false, got ${JSON.stringify(header)}`);
    checked.header = header;
  }
  if (types !== undefined) {
    if (typeof types !== "object" || types === null || Array.isArray(types)) {
      throw bad(label, "types", "`types` must map column names to types, e.g. { zip: \"string\" }");
    }
    for (const [name, type] of Object.entries(types)) {
      if (!(CSV_COLUMN_TYPES as readonly unknown[]).includes(type)) {
        throw bad(label, "types", `column \`${name}\` has unknown type ${JSON.stringify(type)} (use ${CSV_COLUMN_TYPES.join(", ")})`);
      }
    }
    checked.types = types as Record<string, CsvColumnType>;
  }
  return checked;
}
