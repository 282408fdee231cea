import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { diffValues } from "./valueDiff";

describe("value diffs between two runs", () => {
  const before = table({ country: ["USA", "Canada", "Brazil"], total: [10, 20, 30], note: ["a", "b", "c"] });

  it("pairs rows by position: changed cells, added rows, added, removed and retyped columns", () => {
    const after = table({ country: ["USA", "Canada", "Brazil", "Mexico"], total: [10, 21, 30, 5], note: [1, 2, 3, 4], extra: [true, false, true, true] });
    const diff = diffValues(before, after);
    expect(diff).toMatchObject({
      kind: "table",
      columns: { added: ["extra"], removed: [], retyped: [{ name: "note", before: "string", after: "number" }] },
      rows: { before: 3, after: 4 },
      by: { position: true },
      changedRows: 3,
      addedRows: 1,
      removedRows: 0,
    });
    if (diff.kind !== "table") throw new Error("a table diff");
    expect(diff.sample).toContainEqual({ row: 1, column: "total", before: 20, after: 21 });
  });

  it("pairs rows by a key column, so a reordered table has no changes", () => {
    const reordered = table({ country: ["Brazil", "USA", "Canada"], total: [30, 10, 25], note: ["c", "a", "b"] });
    const byPosition = diffValues(before, reordered);
    expect(byPosition.kind === "table" && byPosition.changedRows).toBe(3);
    const byKey = diffValues(before, reordered, "country");
    expect(byKey).toMatchObject({ by: { key: "country" }, changedRows: 1, addedRows: 0, removedRows: 0, sample: [{ row: "Canada", column: "total", before: 20, after: 25 }] });
    // A key column one side lacks falls back to position.
    expect(diffValues(before, reordered, "nope")).toMatchObject({ by: { position: true } });
  });

  it("compares other values for equality only", () => {
    expect(diffValues({ a: 1 }, { a: 1 })).toEqual({ kind: "value", equal: true });
    expect(diffValues(1, 2)).toEqual({ kind: "value", equal: false });
  });
});

describe("two runs compared node by node", () => {
  it("reports status, code and value changes, and nodes only one run had", async () => {
    const { compareRuns } = await import("./compare");
    const node = (name: string, status: "executed" | "cached", codeVersion: string, dataVersion: string) => ({ name, kind: "function" as const, status, codeVersion, dataVersion, dependencies: [], requested: false });
    const run = (runId: string, nodes: ReturnType<typeof node>[]) => ({ runId, startedAt: 0, status: "succeeded", modules: [], inputs: {}, overrides: [], outputs: [], options: {}, nodes, events: [] }) as unknown as import("../stores/runRecord").RunRecord;
    const rows = compareRuns(run("a", [node("raw", "executed", "c1", "d1"), node("old", "executed", "c1", "d9")]), run("b", [node("raw", "cached", "c1", "d1"), node("new", "executed", "c2", "d2")]));
    expect(rows.map((r) => [r.name, r.before?.status, r.after?.status, r.codeChanged, r.valueChanged])).toEqual([
      ["raw", "executed", "cached", false, false],
      ["new", undefined, "executed", false, false],
      ["old", "executed", undefined, false, false],
    ]);
  });
});
