import { fromCSV, table as makeTable, type ColumnTable } from "arquero";
import type { CsvColumnType, CsvReadOptions } from "./csvOptions";

/*
 * Reading a CSV file someone brings. Arquero's fromCSV parses it but silently drops extra fields
 * and pads short rows, so the file's shape is checked first, by a scan that knows quoting and
 * counts lines as an editor does (a quoted field may hold line breaks): a row with the wrong
 * number of fields, or a quote never closed, is an error naming its line.
 */

const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;

/** The line (1-based) each data record starts on; throws on a malformed record. */
export function recordLines(text: string, delimiter: string, header: boolean): number[] {
  const delim = delimiter.charCodeAt(0);
  const starts: number[] = [];
  let expected = 0;
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let blank = true;
  let inQuote = false;
  let quoteLine = 0;
  let records = 0;
  const endRecord = () => {
    if (records === 0) expected = fields;
    else if (fields !== expected) {
      const what = blank ? "is empty" : `has ${fields} field${fields === 1 ? "" : "s"}`;
      throw new Error(`line ${recordLine} ${what}; ${header ? "the header has" : "the first line has"} ${expected}`);
    }
    if (records > 0 || !header) starts.push(recordLine);
    records++;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else inQuote = false;
      } else if (c === NEWLINE) line++;
      continue;
    }
    if (c === QUOTE) {
      inQuote = true;
      quoteLine = line;
      blank = false;
    } else if (c === delim) {
      fields++;
      blank = false;
    } else if (c === NEWLINE || c === RETURN) {
      if (c === RETURN && text.charCodeAt(i + 1) === NEWLINE) i++;
      endRecord();
      line++;
      recordLine = line;
      fields = 1;
      blank = true;
    } else blank = false;
  }
  if (inQuote) throw new Error(`line ${quoteLine}: a quoted field is never closed`);
  if (!blank || fields > 1) endRecord();
  return starts;
}

const PARSE: Record<Exclude<CsvColumnType, "string">, (text: string) => unknown> = {
  number: (text) => {
    const n = Number(text.trim());
    return text.trim() === "" || Number.isNaN(n) ? undefined : n;
  },
  boolean: (text) => {
    const t = text.trim().toLowerCase();
    return t === "true" || t === "1" ? true : t === "false" || t === "0" ? false : undefined;
  },
  date: (text) => {
    const d = new Date(text.trim());
    return Number.isNaN(d.getTime()) ? undefined : d;
  },
  bigint: (text) => {
    try {
      return BigInt(text.trim());
    } catch {
      return undefined;
    }
  },
};

/** CSV text to a table: the shape checked, typed columns converted with errors naming the line. */
export function readCsvText(text: string, options: CsvReadOptions): ColumnTable {
  // Excel writes a byte order mark; blank lines at the end would become rows of nulls.
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/[\r\n]+$/, "");
  const delimiter = options.delimiter ?? ",";
  const header = options.header ?? true;
  const lines = recordLines(body, delimiter, header);
  const types = options.types ?? {};
  const asText = Object.fromEntries(Object.keys(types).map((name) => [name, String]));
  const parsed = fromCSV(body, { delimiter, header, parse: asText });
  const names = parsed.columnNames();
  const unknown = Object.keys(types).filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new Error(`\`types\` names ${unknown.map((n) => `\`${n}\``).join(", ")}, which the file does not have (its columns: ${names.join(", ")})`);
  }
  const converted: Record<string, unknown[]> = {};
  for (const [name, type] of Object.entries(types)) {
    if (type === "string") continue;
    const parse = PARSE[type];
    converted[name] = (parsed.array(name, Array) as (string | null)[]).map((cell, row) => {
      if (cell === null) return null;
      const value = parse(cell);
      if (value === undefined) throw new Error(`line ${lines[row]}, column \`${name}\`: ${JSON.stringify(cell)} is not a ${type}`);
      return value;
    });
  }
  if (Object.keys(converted).length === 0) return parsed;
  return makeTable(Object.fromEntries(names.map((n) => [n, converted[n] ?? parsed.array(n, Array)])), names);
}
