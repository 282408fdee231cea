import { describe, expect, it } from "vitest";
import { analyzeModules } from "../engine";
import { getExample } from ".";

describe("the 500-node example", () => {
  it("is 500 nodes, wide and deep, all upstream of what it requests", async () => {
    const example = getExample("large-500");
    expect(example).toBeDefined();
    const analysis = await analyzeModules([example!.source]);
    expect(analysis.errors).toEqual([]);
    expect(analysis.nodes).toHaveLength(500);
    expect(analysis.inputs).toEqual([]);
    const byName = new Map(analysis.nodes.map((n) => [n.name, n]));
    for (const output of example!.outputs) expect(byName.has(output)).toBe(true);
    // Every node is reached walking back from the requested ones, so a run executes all 500.
    const seen = new Set<string>();
    const stack = [...example!.outputs];
    while (stack.length) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...byName.get(name)!.dependencies);
    }
    expect(seen.size).toBe(500);
    // Not a chain: nodes with several parents, and more edges than nodes.
    const edges = analysis.nodes.reduce((sum, n) => sum + n.dependencies.length, 0);
    expect(edges).toBeGreaterThan(800);
    expect(analysis.nodes.some((n) => n.dependencies.length >= 4)).toBe(true);
  });
});
