import { fromJSON, toJSON } from "arquero";
import { cannotHold, cannotRead, jsonProblem, type Subject } from "./errors";
import { utf8, type TableCodec } from "./codec";
import { columnValues, schemaOf } from "./table";

/**
 * JSON tables are written column-wise (`{"a":[1,2],"b":["x","y"]}`), which is what Arquero's
 * `fromJSON` reads back and what pandas' `read_json(orient="columns")`-style tools expect.
 * Dates become ISO strings; the column schema kept beside the bytes turns them back into Dates,
 * and keeps strings that look like dates ("2024-09-01") as strings.
 */
export const jsonCodec: TableCodec = {
  async encode(table, { subject }) {
    const schema = schemaOf(table);
    for (const [name, kind] of Object.entries(schema)) {
      if (kind === "bigint" || kind === "bytes" || kind === "other") {
        throw cannotHold(subject, "json", `column \`${name}\` holds ${kind} values, which JSON cannot represent`);
      }
      if (kind === "date") continue;
      const values = columnValues(table, name);
      for (let i = 0; i < values.length; i++) {
        const problem = values[i] === undefined ? undefined : jsonProblem(values[i], `${name}[${i}]`);
        if (problem) throw cannotHold(subject, "json", `JSON cannot hold ${problem} faithfully`);
      }
    }
    const cell = (v: unknown) => (v === undefined ? null : v instanceof Date ? isoOrThrow(v, subject) : v);
    const format = Object.fromEntries(table.columnNames().map((n) => [n, cell]));
    return { bytes: utf8.encode(toJSON(table, { type: "columns", format })), schema };
  },

  async decode(bytes, { subject, schema }) {
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(bytes));
    } catch (error) {
      throw cannotRead(subject, "json", error);
    }
    if (!looksLikeTable(json)) throw cannotRead(subject, "json", "expected rows (an array of objects) or columns (an object of arrays)");
    if (!schema) return fromJSON(json as never);
    const toDate = (v: unknown) => (v == null ? null : new Date(v as string));
    const parse = Object.fromEntries(Object.entries(schema).filter(([, k]) => k === "date").map(([n]) => [n, toDate]));
    return fromJSON(json as never, { type: "columns", autoType: false, parse });
  },
};

function isoOrThrow(date: Date, subject: Subject): string {
  if (Number.isNaN(date.getTime())) throw cannotHold(subject, "json", "an Invalid Date has no JSON form");
  return date.toISOString();
}

/** Rows (`[{...}, ...]`) or columns (`{a: [...], b: [...]}` with equal lengths): data a table can hold. */
export function looksLikeTable(json: unknown): boolean {
  if (Array.isArray(json)) {
    return json.length > 0 && json.every((row) => typeof row === "object" && row !== null && !Array.isArray(row));
  }
  if (typeof json !== "object" || json === null) return false;
  const columns = Object.values(json);
  if (columns.length === 0) return true;
  return columns.every((c) => Array.isArray(c) && c.length === (columns[0] as unknown[]).length);
}

/** Plain values (not tables) as JSON text, refusing anything JSON would silently change. */
export function encodeJsonValue(value: unknown, subject: Subject): Uint8Array {
  const problem = jsonProblem(value);
  if (problem) throw cannotHold(subject, "json", `JSON cannot hold ${problem} faithfully (try the default format)`);
  return utf8.encode(JSON.stringify(value));
}

export function decodeJsonValue(bytes: Uint8Array, subject: Subject): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw cannotRead(subject, "json", error);
  }
}
