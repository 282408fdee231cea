import { describe, expect, it } from "vitest";
import { LIVE_SLOW_MS, slowNodeOf } from "./live";

describe("what holds a live run", () => {
  it("is the slowest node that would run and took longer than LIVE_SLOW_MS last time", () => {
    const last = { a: 120, b: LIVE_SLOW_MS + 500, c: LIVE_SLOW_MS + 2000, d: undefined };
    expect(slowNodeOf(["a", "b", "c"], last)).toEqual({ node: "c", ms: LIVE_SLOW_MS + 2000 });
    // c is a hit this time: only what would run counts.
    expect(slowNodeOf(["a", "b"], last)).toEqual({ node: "b", ms: LIVE_SLOW_MS + 500 });
    expect(slowNodeOf(["a", "d"], last)).toBeUndefined();
  });
});
