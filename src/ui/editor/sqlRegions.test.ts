import { describe, expect, it } from "vitest";
import { sqlRegionAt, sqlRegions } from "./sqlRegions";

const text = (regions: ReturnType<typeof sqlRegions>, source: string) => regions.map((r) => source.slice(r.start, r.end));

describe("where a module's SQL is", () => {
  it("finds the query of arrow, typed, optioned and block-bodied sql() nodes, with their parameters", () => {
    const source = [
      'import { sql } from "sluice";',
      "export const a = sql((sales, min) => `SELECT * FROM sales WHERE amount > $min`);",
      "export const b = sql((t: aq.ColumnTable, k: number) => `SELECT ${1} FROM t`);",
      'export const c = sql({ behavior: "recompute" }, (x) => `SELECT 1 FROM x`);',
      "export const d = sql(function (y) { return `SELECT 2 FROM y`; });",
      "export const e = cache({}, (z) => `not sql`);",
    ].join("\n");
    const regions = sqlRegions(source);
    expect(text(regions, source)).toEqual(["SELECT * FROM sales WHERE amount > $min", "SELECT ${1} FROM t", "SELECT 1 FROM x", "SELECT 2 FROM y"]);
    expect(regions.map((r) => r.params)).toEqual([["sales", "min"], ["t", "k"], ["x"], ["y"]]);
  });

  it("keeps a query being typed open to the end of the text", () => {
    const source = "export const a = sql((sales) => `SELECT ";
    const region = sqlRegionAt(source, source.length);
    expect(region?.params).toEqual(["sales"]);
    expect(sqlRegionAt("export function f(x) { return `x`; }", 30)).toBeUndefined();
  });
});
