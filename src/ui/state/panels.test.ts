import { describe, expect, it } from "vitest";
import { CHART_BASIS, panelsStore, selectShownHeight, setBottomHeight, setChartShown, showTab } from "./panels";

describe("the bottom panel's height with and without a chart", () => {
  it("keeps a height of its own for charts: dragging one leaves the other, and it shrinks back", () => {
    showTab("preview");
    setBottomHeight(250);
    setChartShown(true);
    // Not dragged yet: CHART_BASIS, never less than the panel had.
    expect(selectShownHeight(panelsStore.get())).toBeUndefined();
    expect(CHART_BASIS(250)).toBe("max(200px, min(480px, 52vh), 250px)");
    setBottomHeight(420.4);
    expect(selectShownHeight(panelsStore.get())).toBe(420);
    expect(panelsStore.get().bottomHeight).toBe(250);
    // Another tab, or the chart closed: back to the logs' height.
    showTab("logs");
    expect(selectShownHeight(panelsStore.get())).toBe(250);
    showTab("preview");
    expect(selectShownHeight(panelsStore.get())).toBe(420);
    setChartShown(false);
    expect(selectShownHeight(panelsStore.get())).toBe(250);
  });
});
