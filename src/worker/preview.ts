import type { ColumnTable } from "arquero";
import { isTable, schemaOf } from "../engine";
import type { Cell, Preview } from "./protocol";

/** Bigger values are cut: the preview is for looking, the file area is for taking. */
const MAX_JSON_CHARS = 200_000;

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "number":
    case "boolean":
    case "string":
      return value;
    case "bigint":
      return `${value}n`;
    default:
      if (value instanceof Date) return value.toISOString();
      return JSON.stringify(value, jsonReplacer) ?? String(value);
  }
}

/** `this[key]` is the value before its own `toJSON` ran: a nested table must not dump its rows. */
function jsonReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (isTable(original)) return `<table ${original.numRows()}×${original.numCols()}>`;
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Map) return { "<Map>": [...value.entries()] };
  if (value instanceof Set) return { "<Set>": [...value.values()] };
  if (ArrayBuffer.isView(value)) return `<${value.constructor.name} ${value.byteLength} bytes>`;
  if (value instanceof ArrayBuffer) return `<ArrayBuffer ${value.byteLength} bytes>`;
  if (typeof value === "function") return `<function ${value.name || "anonymous"}>`;
  return value;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

/** Column types are worked out once per table: paging through rows must not rescan columns. */
const schemas = new WeakMap<ColumnTable, { name: string; type: string }[]>();

function columnsOf(table: ColumnTable): { name: string; type: string }[] {
  let columns = schemas.get(table);
  if (!columns) {
    columns = Object.entries(schemaOf(table)).map(([name, type]) => ({ name, type }));
    schemas.set(table, columns);
  }
  return columns;
}

/** One page of a value: tables as rows of cells, anything else as formatted JSON. */
export function previewValue(value: unknown, offset: number, limit: number): Preview {
  if (isTable(value)) {
    const columns = columnsOf(value);
    const numRows = value.numRows();
    const start = Math.max(0, Math.min(offset, numRows));
    const page = value.slice(start, Math.min(numRows, start + limit)).objects() as Record<string, unknown>[];
    const rows = page.map((row) => columns.map((c) => cell(row[c.name])));
    return { kind: "table", columns, numRows, offset: start, rows };
  }
  const text = value === undefined ? "undefined" : (JSON.stringify(value, jsonReplacer, 2) ?? String(value));
  const truncated = text.length > MAX_JSON_CHARS;
  return { kind: "value", type: typeName(value), json: truncated ? text.slice(0, MAX_JSON_CHARS) : text, truncated };
}
