import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { previewValue } from "./preview";

describe("previewValue", () => {
  const table = aq.table({ city: ["a", "b", "c", "d"], amount: [1.5, 2, 3, 4], when: [new Date(0), null, null, null] });

  it("pages a table with column names, types and the row count", () => {
    const page = previewValue(table, 1, 2);
    expect(page).toEqual({
      kind: "table",
      columns: [
        { name: "city", type: "string" },
        { name: "amount", type: "number" },
        { name: "when", type: "date" },
      ],
      numRows: 4,
      offset: 1,
      rows: [
        ["b", 2, null],
        ["c", 3, null],
      ],
    });
  });

  it("clamps a page past the end", () => {
    const page = previewValue(table, 10, 5);
    expect(page.kind === "table" && page.rows).toEqual([]);
  });

  it("shows dates as ISO text", () => {
    const page = previewValue(table, 0, 1);
    expect(page.kind === "table" && page.rows[0][2]).toBe("1970-01-01T00:00:00.000Z");
  });

  it("formats other values as JSON, with a form for what JSON can't hold", () => {
    const page = previewValue({ n: 1n, tags: new Set(["x"]), nested: { t: table } }, 0, 10);
    expect(page.kind).toBe("value");
    if (page.kind !== "value") return;
    expect(page.type).toBe("Object");
    expect(JSON.parse(page.json)).toEqual({ n: "1n", tags: { "<Set>": ["x"] }, nested: { t: "<table 4×3>" } });
  });

  it("shows undefined rather than failing", () => {
    expect(previewValue(undefined, 0, 10)).toMatchObject({ kind: "value", json: "undefined" });
  });
});
