import type { ChartChoice, ChartMark } from "../../worker/protocol";

export interface Column {
  name: string;
  type: string;
}

const isNumber = (c: Column) => c.type === "number";
const isDate = (c: Column) => c.type === "date";
const isCategory = (c: Column) => c.type === "string" || c.type === "boolean";

/**
 * A first chart from the column types: a line for a date and a number, bars for a category and
 * a number, dots for two numbers, a histogram for one number. Undefined when nothing fits.
 */
export function suggestChart(columns: Column[]): ChartChoice | undefined {
  const numbers = columns.filter(isNumber);
  const date = columns.find(isDate);
  const category = columns.find(isCategory);
  if (date && numbers[0]) return { mark: "line", x: date.name, y: numbers[0].name };
  if (category && numbers[0]) return { mark: "bar", x: category.name, y: numbers[0].name };
  if (numbers.length >= 2) return { mark: "dot", x: numbers[0].name, y: numbers[1].name };
  if (numbers[0]) return { mark: "histogram", x: numbers[0].name };
  if (category) return { mark: "bar", x: category.name };
  if (date) return { mark: "histogram", x: date.name };
  return undefined;
}

/** Which columns a mark can put on x and y; the page offers only these. */
export function columnsFor(mark: ChartMark, axis: "x" | "y", columns: Column[]): Column[] {
  if (axis === "y") return mark === "histogram" ? [] : columns.filter(isNumber);
  if (mark === "bar") return columns.filter((c) => isCategory(c) || isNumber(c) || isDate(c));
  return columns.filter((c) => isNumber(c) || isDate(c));
}

/** A choice after the user changed one field: the mark keeps x and y it can draw, else picks ones. */
export function adjustChoice(choice: ChartChoice, columns: Column[]): ChartChoice {
  const xs = columnsFor(choice.mark, "x", columns);
  const ys = columnsFor(choice.mark, "y", columns);
  const x = xs.some((c) => c.name === choice.x) ? choice.x : xs[0]?.name;
  if (x === undefined) return choice;
  if (choice.mark === "histogram") return { mark: "histogram", x, ...(choice.color ? { color: choice.color } : {}) };
  // Dots of a column against itself are a diagonal: a scatter keeps y only if it differs from x.
  const keepY = choice.y !== undefined && ys.some((c) => c.name === choice.y) && !(choice.mark === "dot" && choice.y === x && ys.length > 1);
  const y = keepY ? choice.y : choice.mark === "dot" ? (ys.find((c) => c.name !== x) ?? ys[0])?.name : ys[0]?.name;
  return { mark: choice.mark, x, ...(y ? { y } : {}), ...(choice.color ? { color: choice.color } : {}) };
}
