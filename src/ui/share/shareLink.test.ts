import { describe, expect, it } from "vitest";
import { readShared, shareUrl } from "./shareLink";

describe("share links", () => {
  const workspace = {
    source: "export const a = (n) => n * 2; // ünïcode ✓",
    inputs: { values: { n: "2" }, types: { n: "number" as const } },
    driver: { recompute: ["a"] },
    behaviors: {},
    requested: ["a"],
  };

  it("round-trips a workspace through the URL hash, dropping any query", () => {
    const url = new URL(shareUrl(workspace, "https://example.org/sluice/?example=basics"));
    expect(url.pathname).toBe("/sluice/");
    expect(url.search).toBe("");
    expect(readShared(url.hash)).toEqual({ v: 1, ...workspace });
  });

  it("fills in what a hand-made or older link leaves out", () => {
    const url = new URL(shareUrl({ source: "export const a = () => 1;" } as never, "https://example.org/"));
    expect(readShared(url.hash)).toEqual({ v: 1, source: "export const a = () => 1;", inputs: { values: {}, types: {} }, driver: {}, behaviors: {}, requested: undefined });
  });

  it("ignores other hashes and damaged links", () => {
    expect(readShared("#other")).toBeUndefined();
    expect(readShared("#share=not-deflate-data")).toBeUndefined();
  });
});
