import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { chartData, MAX_CHART_POINTS } from "./chart";
import type { ChartData } from "./protocol";

function drawn(data: ChartData) {
  if (data.kind !== "chart") throw new Error(data.reason);
  return data;
}

describe("chartData", () => {
  const table = aq.table({
    city: ["a", "b", "a", "c", null],
    amount: [1, 2, 3, 4, 5],
    score: [10, 20, 30, 40, 50],
    when: [new Date(0), new Date(86_400_000), new Date(2 * 86_400_000), null, new Date(3 * 86_400_000)],
  });

  it("sums y per category for bars, biggest first, dropping null categories", () => {
    const data = drawn(chartData(table, { mark: "bar", x: "city", y: "amount" }));
    expect(data.points).toEqual([
      { x: "a", y: 4 },
      { x: "c", y: 4 },
      { x: "b", y: 2 },
    ]);
    expect(data.summary).toBe("sum of amount by city");
  });

  it("counts rows per bin for a histogram, every row in one bin", () => {
    const data = drawn(chartData(table, { mark: "histogram", x: "amount" }));
    expect(data.points.reduce((sum, p) => sum + p.y, 0)).toBe(5);
    for (const p of data.points) expect(p.x2).toBeGreaterThan(p.x as number);
  });

  it("draws a line over dates as milliseconds, in order", () => {
    const data = drawn(chartData(table, { mark: "line", x: "when", y: "score" }));
    expect(data.xType).toBe("date");
    const xs = data.points.map((p) => p.x as number);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(data.points.map((p) => p.y)).toEqual([10, 20, 30, 50]);
  });

  it("keeps each row as a dot when few, with its colour", () => {
    const data = drawn(chartData(table, { mark: "dot", x: "amount", y: "score", color: "city" }));
    expect(data.points).toContainEqual({ x: 1, y: 10, color: "a" });
    expect(data.points.find((p) => p.x === 5)?.color).toBe("null");
  });

  it("explains what it cannot draw instead of guessing", () => {
    expect(chartData(table, { mark: "line", x: "city", y: "amount" })).toMatchObject({ kind: "missing" });
    expect(chartData(table, { mark: "bar", x: "nope" })).toMatchObject({ kind: "missing", reason: 'No column "nope" in this table.' });
    expect(chartData({ a: 1 }, { mark: "bar", x: "a" })).toMatchObject({ kind: "missing" });
  });

  it("cuts a million rows to a few thousand points for every mark", () => {
    const n = 1_000_000;
    const big = aq.table({
      x: Float64Array.from({ length: n }, (_, i) => (i * 7919) % 10007),
      y: Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 100),
      g: Array.from({ length: n }, (_, i) => `g${i % 25}`),
    });
    for (const choice of [
      { mark: "histogram", x: "x" },
      { mark: "bar", x: "g", y: "y" },
      { mark: "line", x: "x", y: "y", color: "g" },
      { mark: "dot", x: "x", y: "y" },
    ] as const) {
      const data = drawn(chartData(big, choice));
      expect(data.points.length).toBeGreaterThan(0);
      expect(data.points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
      expect(data.numRows).toBe(n);
    }
    const cells = drawn(chartData(big, { mark: "dot", x: "x", y: "y" }));
    expect(cells.points.reduce((sum, p) => sum + (p.n ?? 0), 0)).toBe(n);
  }, 60_000);
});

describe("chartData of a stored table", () => {
  it("draws a table decoded from the result store like the one that was stored", async () => {
    const { decodeResult, encodeResult } = await import("../engine/formats");
    const filtered = aq.table({ city: ["a", "b", "c"], amount: [1, 2, 3] }).filter((d: { amount: number }) => d.amount > 1);
    const stored = await decodeResult((await encodeResult(filtered, "native", "t")) as never);
    expect(drawn(chartData(stored, { mark: "bar", x: "city", y: "amount" })).points).toEqual([
      { x: "c", y: 3 },
      { x: "b", y: 2 },
    ]);
  });

  it("draws every mark of a table read back from Arrow like the table computed", async () => {
    const { decodeResult, encodeResult } = await import("../engine/formats");
    const n = 5000;
    const computed = aq
      .table({
        city: Array.from({ length: n }, (_, i) => (i % 17 === 0 ? null : `c${i % 7}`)),
        amount: Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : (i * 7919) % 1000)),
        score: Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10),
        day: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : new Date(Date.UTC(2024, 0, 1 + (i % 366))))),
        when: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 5, 1, i % 24))),
      })
      .filter((d: { score: number }) => d.score > -8);
    const stored = await decodeResult((await encodeResult(computed, "native", "t")) as never);
    for (const choice of [
      { mark: "line", x: "day", y: "amount" },
      { mark: "line", x: "day", color: "city" },
      { mark: "bar", x: "city", y: "amount" },
      { mark: "bar", x: "day" },
      { mark: "histogram", x: "day", color: "city" },
      { mark: "dot", x: "amount", y: "score", color: "city" },
      { mark: "dot", x: "day", y: "amount" },
      { mark: "histogram", x: "when" },
    ] as const) {
      const fresh = drawn(chartData(computed, choice));
      expect(fresh.points.length, JSON.stringify(choice)).toBeGreaterThan(0);
      expect(drawn(chartData(stored, choice)), JSON.stringify(choice)).toEqual(fresh);
    }
  });
});
