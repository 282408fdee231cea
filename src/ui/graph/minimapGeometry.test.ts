import { describe, expect, it } from "vitest";
import { centredOn, minimapFrame, toMinimap, visibleBox } from "./minimapGeometry";

describe("minimap geometry", () => {
  const cards = [
    { x: 0, y: 0, width: 200, height: 80 },
    { x: 1800, y: 920, width: 200, height: 80 },
  ];

  it("fits the cards inside the minimap with its padding, centred on the short side", () => {
    const frame = minimapFrame(cards, 150, 100)!;
    const first = toMinimap(frame, cards[0]);
    const last = toMinimap(frame, cards[1]);
    // 2000 × 1000 flow units into 140 × 90 pixels: the width decides.
    expect(first.x).toBeCloseTo(5);
    expect(last.x + last.width).toBeCloseTo(145);
    expect(first.y).toBeGreaterThan(5);
    expect((first.y + last.y + last.height) / 2).toBeCloseTo(50);
  });

  it("does not move with the viewport: only the cards decide the frame", () => {
    expect(minimapFrame(cards, 150, 100)).toEqual(minimapFrame([...cards], 150, 100));
    expect(minimapFrame([], 150, 100)).toBeUndefined();
  });

  it("maps the pane's view and a click back to React Flow's viewport", () => {
    // Transform [x, y, zoom] = [-100, -50, 0.5] on an 800 × 600 pane shows flow (200, 100) to (1800, 1300).
    expect(visibleBox([-100, -50, 0.5], 800, 600)).toEqual({ x: 200, y: 100, width: 1600, height: 1200 });
    const view = centredOn(1000, 500, 0.5, 800, 600);
    expect(visibleBox([view.x, view.y, view.zoom], 800, 600)).toEqual({ x: 200, y: -100, width: 1600, height: 1200 });
  });
});
