import { SluiceError } from "../errors";
import { checkCompression, checkCsvOptions, type CsvReadOptions, type FileFormat, type ParquetCompression } from "../formats";

/**
 * `files.read(name, "csv")`, `files.read(name, { format: "csv", delimiter: ";", types: {...} })`,
 * `files.read(name, { columns: ["carrier", "distance"] })` (only those columns; a Parquet file's
 * others are never decoded).
 */
export type FileReadOptions = { format?: FileFormat; columns?: readonly string[] } & CsvReadOptions;
/** `files.write(name, table, "parquet")` or `files.write(name, table, { compression: "zstd" })`. */
export interface FileWriteOptions {
  format?: FileFormat;
  compression?: ParquetCompression;
}

const FORMATS: readonly FileFormat[] = ["csv", "json", "parquet", "arrow", "bin"];
const READ_KEYS = ["format", "delimiter", "header", "types", "columns"];
const WRITE_KEYS = ["format", "compression"];

function checkFormat(format: unknown, label: string): FileFormat | undefined {
  if (format === undefined || (FORMATS as readonly unknown[]).includes(format)) return format as FileFormat | undefined;
  throw new SluiceError("BAD_OPTION", `${label}: unknown format ${JSON.stringify(format)} (use ${FORMATS.join(", ")})`, { option: "format" });
}

function asObject(options: unknown, keys: string[], label: string): Record<string, unknown> {
  if (options === undefined || typeof options === "string") return { format: options };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new SluiceError("BAD_OPTION", `${label}: options must be a format name or an object`, { option: "options" });
  }
  const unknown = Object.keys(options).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    throw new SluiceError("BAD_OPTION", `${label}: unknown option ${unknown.map((k) => `\`${k}\``).join(", ")} (use ${keys.join(", ")})`, { option: unknown[0] });
  }
  return options as Record<string, unknown>;
}

/** `columns` checked: column names, at least one. */
function checkColumns(columns: unknown, label: string): readonly string[] | undefined {
  if (columns === undefined) return undefined;
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === "string")) {
    throw new SluiceError("BAD_OPTION", `${label}: \`columns\` must be a list of column names, e.g. ["carrier", "distance"]`, { option: "columns" });
  }
  return columns as string[];
}

/** Read options checked; CSV options need a CSV file (by extension or `format`). */
export function readOptions(options: unknown, label: string, stored: FileFormat): { format: FileFormat; csv?: CsvReadOptions; columns?: readonly string[] } {
  const { columns: rawColumns, ...raw } = asObject(options, READ_KEYS, label);
  const columns = checkColumns(rawColumns, label);
  const format = checkFormat(raw.format, label) ?? stored;
  const csv = checkCsvOptions(raw, label);
  if (Object.keys(csv).length === 0) return columns ? { format, columns } : { format };
  if (format !== "csv") {
    throw new SluiceError("BAD_OPTION", `${label}: ${Object.keys(csv).map((k) => `\`${k}\``).join(", ")} only apply to CSV files, and this one is read as \`${format}\``, { option: Object.keys(csv)[0] });
  }
  return columns ? { format, csv, columns } : { format, csv };
}

/** Write options checked; `compression` needs a Parquet file. */
export function writeOptions(options: unknown, label: string): { format?: FileFormat; compression?: ParquetCompression } {
  const raw = asObject(options, WRITE_KEYS, label);
  return { format: checkFormat(raw.format, label), compression: checkCompression(raw.compression, { label }) };
}
