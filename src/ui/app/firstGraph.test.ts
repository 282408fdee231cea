import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// A fresh module per test: the first graph is shown once per page.
async function load() {
  vi.resetModules();
  return import("./firstGraph");
}

describe("waiting for the first graph", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", (frame: () => void) => setTimeout(frame, 16));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("waits until the graph is shown, then a frame more for it to paint", async () => {
    const { afterFirstGraph, markFirstGraph } = await load();
    let done = false;
    void afterFirstGraph(3000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    markFirstGraph();
    await vi.advanceTimersByTimeAsync(16);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(40);
    expect(done).toBe(true);
  });

  it("does not wait for a graph shown before it asked", async () => {
    const { afterFirstGraph, markFirstGraph } = await load();
    markFirstGraph();
    let done = false;
    void afterFirstGraph(3000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(true);
  });

  it("stops waiting after its cap when no graph comes", async () => {
    const { afterFirstGraph } = await load();
    let done = false;
    void afterFirstGraph(3000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
