import { describe, expect, it } from "vitest";
import { firstSqlProblem, LIVE_SLOW_MS, slowNodeOf } from "./live";
import { cookedTemplate } from "../editor/sqlRegions";

describe("what holds a live run", () => {
  it("is the slowest node that would run and took longer than LIVE_SLOW_MS last time", () => {
    const last = { a: 120, b: LIVE_SLOW_MS + 500, c: LIVE_SLOW_MS + 2000, d: undefined };
    expect(slowNodeOf(["a", "b", "c"], last)).toEqual({ node: "c", ms: LIVE_SLOW_MS + 2000 });
    // c is a hit this time: only what would run counts.
    expect(slowNodeOf(["a", "b"], last)).toEqual({ node: "b", ms: LIVE_SLOW_MS + 500 });
    expect(slowNodeOf(["a", "d"], last)).toBeUndefined();
  });
});

describe("SQL a live run waits on", () => {
  it("is the first text DuckDB's parser stops in, placed at its line and column in the draft", () => {
    const source = "export const a = sql(() => `SELECT 1`);\nexport const b = sql(() => `\n  SELECT *\n  FORM t`);\n";
    const regions = [{ start: source.indexOf("SELECT 1") }, { start: source.indexOf("\n  SELECT *") }];
    const text = "\n  SELECT *\n  FORM t";
    const problem = firstSqlProblem(source, regions, [null, { offset: text.indexOf("t"), message: 'syntax error at or near "t"' }]);
    expect(problem).toEqual({ source, line: 4, column: 8, message: 'syntax error at or near "t"' });
    expect(firstSqlProblem(source, regions, [null, null])).toBeUndefined();
  });

  it("parses the text the node will run, its escapes read, and places a problem back in the template", () => {
    // The template's escapes: the text run is `SELECT 'it`s' AS q\nFORM t`, written with \` and \n.
    const source = "export const q = sql(() => `SELECT 'it\\`s' AS \\u0071\\nFORM t`);\n";
    const start = source.indexOf("SELECT");
    const raw = source.slice(start, source.lastIndexOf("`"));
    const { text, from } = cookedTemplate(raw);
    expect(text).toBe("SELECT 'it`s' AS q\nFORM t");
    expect(from).toHaveLength(text.length + 1);
    const problem = firstSqlProblem(source, [{ start, from }], [{ offset: text.indexOf("FORM"), message: 'syntax error at or near "FORM"' }]);
    expect(problem).toMatchObject({ line: 1, column: source.indexOf("FORM") + 1 });
    // Each escape maps to where it starts; a line continuation gives nothing; the end maps to the end.
    expect(cookedTemplate("a\\x41\\\nb\\u{1F600}")).toEqual({ text: "aAb\u{1F600}", from: [0, 1, 7, 8, 8, 17] });
  });
});
