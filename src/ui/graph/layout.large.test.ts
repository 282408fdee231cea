import { describe, expect, it } from "vitest";
import { analyzeModules } from "../../engine";
import { getExample } from "../../examples";
import { modelFromAnalysis, type GraphModel } from "../state/graphModel";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type Layout } from "./layout";

async function largeModel(): Promise<GraphModel> {
  const example = getExample("large-500")!;
  const analysis = await analyzeModules([example.source]);
  // The engine's analysis is what the worker sends the page (worker/protocol.ts `Analysis`).
  return modelFromAnalysis(analysis as Parameters<typeof modelFromAnalysis>[0], example.outputs);
}

function overlaps(layout: Layout): string[] {
  const boxes = Object.entries(layout.positions).map(([name, p]) => ({ name, ...p }));
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT) found.push(`${a.name}/${b.name}`);
    }
  }
  return found;
}

describe("laying out the 500-node example", () => {
  it.each(["LR", "TB"] as const)("%s: no two cards overlap, all inside the bounds, edges point forward", async (direction) => {
    const model = await largeModel();
    const layout = layoutGraph(model, direction);
    expect(Object.keys(layout.positions)).toHaveLength(500);
    expect(overlaps(layout)).toEqual([]);
    for (const p of Object.values(layout.positions)) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width);
      expect(p.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height);
    }
    const along = direction === "LR" ? "x" : "y";
    for (const e of model.edges) expect(layout.positions[e.source][along]).toBeLessThan(layout.positions[e.target][along]);
    // 20 stages of 25: about 20 cards long and 25 across, not stretched by long edges.
    const [long, across] = direction === "LR" ? [layout.width, layout.height] : [layout.height, layout.width];
    expect(long).toBeLessThan(20 * 400);
    expect(across).toBeLessThan(25 * (direction === "LR" ? NODE_HEIGHT : NODE_WIDTH) * 2);
  });

  it("takes well under the 300 ms budget (generous bound for a loaded machine)", async () => {
    const model = await largeModel();
    layoutGraph(model, "LR");
    const start = performance.now();
    layoutGraph(model, "LR");
    layoutGraph(model, "TB");
    const ms = performance.now() - start;
    expect(ms).toBeLessThan(300);
  });
});
