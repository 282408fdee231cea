import type { Cell } from "../../worker/protocol";

const CHAR_PX = 7.4;
const MIN_PX = 72;
const MAX_PX = 320;

/** Fixed widths from the header and the first page: virtual rows can't size columns themselves. */
export function columnWidths(columns: { name: string; type: string }[], rows: Cell[][]): number[] {
  return columns.map((column, c) => {
    // The header shows the name and its type side by side.
    let chars = column.name.length + column.type.length + 1;
    for (const row of rows) chars = Math.max(chars, formatCell(row[c]).length);
    return Math.round(Math.min(MAX_PX, Math.max(MIN_PX, chars * CHAR_PX + 18)));
  });
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

export function formatCell(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "null";
  if (typeof cell === "number") return Number.isInteger(cell) ? String(cell) : numberFormat.format(cell);
  return String(cell);
}
