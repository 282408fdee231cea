import { describe, expect, it } from "vitest";
import type { GraphModel } from "../state/graphModel";
import { layoutGraph, pickLayout, shapeKey } from "./layout";

const chain = (n: number): GraphModel => {
  const names = Array.from({ length: n }, (_, i) => `n${i}`);
  return {
    mode: "draft",
    nodes: names.map((name) => ({ name, kind: "function", status: undefined, requested: false })),
    edges: names.slice(1).map((target, i) => ({ source: names[i], target })),
  };
};

describe("graph layout", () => {
  it("puts dependencies before their dependants", () => {
    const { positions } = layoutGraph(chain(3), "LR");
    expect(positions.n0.x).toBeLessThan(positions.n1.x);
    expect(positions.n1.x).toBeLessThan(positions.n2.x);
  });

  it("keeps left to right in a wide panel and turns a long chain top-down in a tall one", () => {
    const model = chain(6);
    const layouts = { LR: layoutGraph(model, "LR"), TB: layoutGraph(model, "TB") };
    expect(pickLayout(layouts, { width: 1600, height: 400 }).direction).toBe("LR");
    expect(pickLayout(layouts, { width: 500, height: 900 }).direction).toBe("TB");
  });

  it("changes the shape key for structure, not for statuses", () => {
    const model = chain(2);
    const ran = { ...model, nodes: model.nodes.map((n) => ({ ...n, status: "executed" as const })) };
    expect(shapeKey(ran)).toBe(shapeKey(model));
    expect(shapeKey(chain(3))).not.toBe(shapeKey(model));
  });

  it("gives a run's record the draft's key although it lists nodes in another order", () => {
    const model = chain(3);
    const record = { ...model, nodes: [...model.nodes].reverse(), edges: [...model.edges].reverse() };
    expect(shapeKey(record)).toBe(shapeKey(model));
  });
});
