import { describe, expect, it } from "vitest";
import { bulkEdgePaths, type Box } from "./bulkEdges";

const boxes: Record<string, Box> = {
  a: { x: 0, y: 0, width: 210, height: 78 },
  b: { x: 300, y: 100, width: 210, height: 60 },
  c: { x: 300, y: 300, width: 210, height: 78 },
};
const boxOf = (id: string) => boxes[id];

/** The numbers of one `M x,y C ...` segment: its start and its end. */
function ends(d: string) {
  const numbers = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  return { start: numbers.slice(0, 2), end: numbers.slice(-2) };
}

describe("bulk edges of a large graph", () => {
  it("draws one path per edge class, every edge of that class in it", () => {
    const paths = bulkEdgePaths(
      [
        { source: "a", target: "b", className: "sl-edge" },
        { source: "a", target: "c", className: "sl-edge" },
        { source: "b", target: "c", className: "sl-edge sl-edge-live" },
      ],
      boxOf,
      "LR",
    );
    expect(paths.map((p) => p.className)).toEqual(["sl-edge", "sl-edge sl-edge-live"]);
    expect(paths[0].d.match(/M/g)).toHaveLength(2);
    expect(paths[1].d.match(/M/g)).toHaveLength(1);
  });

  it("joins a card's right side to the next card's left side, left to right", () => {
    const [path] = bulkEdgePaths([{ source: "a", target: "b" }], boxOf, "LR");
    // React Flow's edges end on the outer side of its 6 px handles: 3 px off the border.
    expect(ends(path.d)).toEqual({ start: [213, 39], end: [297, 130] });
  });

  it("joins a card's bottom to the next card's top, top to bottom", () => {
    const [path] = bulkEdgePaths([{ source: "a", target: "c" }], boxOf, "TB");
    expect(ends(path.d)).toEqual({ start: [105, 81], end: [405, 297] });
  });

  it("leaves out an edge until both its cards have a box", () => {
    expect(bulkEdgePaths([{ source: "a", target: "missing" }], boxOf, "LR")).toEqual([]);
  });
});
