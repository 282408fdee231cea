import { describe, expect, it } from "vitest";
import { canvasFrame, canvasZoomKey, cardLook, fitLabel, labelsLegible, resolutionStep } from "./canvasCards";

describe("canvas layer geometry", () => {
  const cards = [
    { x: 0, y: 0, width: 210, height: 78 },
    { x: 5000, y: 2000, width: 210, height: 60 },
  ];

  it("covers every card and a margin for their rings, in flow units", () => {
    const frame = canvasFrame(cards, 0.25, 16)!;
    expect(frame.x).toBe(-16);
    expect(frame.y).toBe(-16);
    expect(frame.x + frame.width).toBe(5210 + 16);
    expect(frame.y + frame.height).toBe(2060 + 16);
    // At 0.25 canvas pixels per flow unit.
    expect(frame.scale).toBe(0.25);
    expect(frame.pixelWidth).toBe(Math.ceil(frame.width * 0.25));
    expect(frame.pixelHeight).toBe(Math.ceil(frame.height * 0.25));
  });

  it("draws a huge graph at a lower resolution rather than allocating a giant bitmap", () => {
    const huge = [
      { x: 0, y: 0, width: 210, height: 78 },
      { x: 200_000, y: 50_000, width: 210, height: 78 },
    ];
    const frame = canvasFrame(huge, 0.35)!;
    expect(frame.scale).toBeLessThan(0.35);
    expect(frame.pixelWidth).toBeLessThanOrEqual(8192);
    expect(frame.pixelWidth * frame.pixelHeight).toBeLessThanOrEqual(4096 * 4096 + 8192 + 8192);
  });

  it("has nothing to cover without cards", () => {
    expect(canvasFrame([], 1)).toBeUndefined();
  });

  it("steps its resolution in powers of √2, never below what the screen shows", () => {
    for (const zoom of [0.02, 0.1, 0.13, 0.25, 0.3, 0.39]) {
      for (const ratio of [1, 2]) {
        const step = resolutionStep(zoom, ratio);
        expect(step).toBeGreaterThanOrEqual(zoom * ratio - 1e-9);
        expect(step).toBeLessThan(zoom * ratio * Math.SQRT2 + 1e-9);
      }
    }
    expect(resolutionStep(0.25, 1)).toBeCloseTo(0.25);
    expect(resolutionStep(0.5, 1)).toBeCloseTo(0.5);
  });

  it("redraws for a zoom only when the step or the names' legibility changes", () => {
    // 0.26 and 0.3 share a step, but names are legible from 7/22 ≈ 0.318 on.
    expect(canvasZoomKey(0.26, 1)).toBe(canvasZoomKey(0.3, 1));
    expect(canvasZoomKey(0.3, 1)).not.toBe(canvasZoomKey(0.33, 1));
    expect(canvasZoomKey(0.1, 1)).not.toBe(canvasZoomKey(0.2, 1));
    expect(labelsLegible(0.1)).toBe(false);
    expect(labelsLegible(0.35)).toBe(true);
  });
});

describe("card labels", () => {
  const tenPerLetter = (text: string) => text.length * 10;

  it("keeps a name that fits", () => {
    expect(fitLabel("ingest_00", 90, tenPerLetter)).toBe("ingest_00");
  });

  it("cuts a long name with an ellipsis that fits too", () => {
    const label = fitLabel("transform_stage_123", 100, tenPerLetter);
    expect(label).toBe("transform…");
    expect(tenPerLetter(label)).toBeLessThanOrEqual(100);
  });

  it("draws nothing when not one letter and the ellipsis fit", () => {
    expect(fitLabel("abc", 15, tenPerLetter)).toBe("");
  });
});

describe("card looks", () => {
  const base = { kind: "function", status: undefined, requested: false, selected: false };

  it("colours a card as its far DOM card: the status bar and its tint", () => {
    expect(cardLook({ ...base, status: "executed" })).toMatchObject({ fill: "--st-executed-bg", bar: "--st-executed", ring: undefined });
    expect(cardLook({ ...base, status: "cached" })).toMatchObject({ fill: "--st-cached-bg", bar: "--st-cached" });
    expect(cardLook({ ...base, status: "failed" })).toMatchObject({ fill: "--st-failed-bg", bar: "--st-failed" });
    expect(cardLook(base)).toMatchObject({ fill: "--panel", bar: "--border-strong", dashed: false });
  });

  it("draws inputs rounded and dashed on their own tint, skipped cards dashed", () => {
    expect(cardLook({ ...base, kind: "input" })).toMatchObject({ fill: "--st-input-bg", radius: 16, dashed: true, bar: "--border-strong" });
    expect(cardLook({ ...base, kind: "input", status: "input" })).toMatchObject({ fill: "--st-input-bg", bar: "--st-input" });
    expect(cardLook({ ...base, status: "skipped" })).toMatchObject({ dashed: true, fill: "--st-skipped-bg" });
  });

  it("rings the selected card; a requested output has a thicker border", () => {
    expect(cardLook({ ...base, selected: true }).ring).toBe("--accent");
    expect(cardLook(base).ring).toBeUndefined();
    expect(cardLook({ ...base, requested: true }).borderWidth).toBe(2);
  });
});
