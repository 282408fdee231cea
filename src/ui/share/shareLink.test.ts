import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { linkKeyOf, readShareLink, readShared, shareUrl } from "./shareLink";

const hashOf = (payload: unknown) => new URL(shareUrl(payload as never, "https://example.org/")).hash;

function rawHash(text: string): string {
  const bytes = deflateSync(strToU8(text));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return "#share=" + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

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
    expect(readShared(hashOf({ source: "export const a = () => 1;" }))).toEqual({ v: 1, source: "export const a = () => 1;", inputs: { values: {}, types: {} }, driver: {}, behaviors: {}, requested: undefined });
  });

  it("drops fields a link may not set: cache paths, backends, unknown behaviours and options", () => {
    const read = readShared(
      hashOf({ ...workspace, path: "victim_db", backend: "memory", driver: { recompute: ["a"], path: "victim_db", metadataStore: {}, defaultBehavior: "evil", caching: "no" }, behaviors: { a: "recompute", b: "explode" } }),
    );
    expect(read).toEqual({ v: 1, ...workspace, behaviors: { a: "recompute" } });
  });

  it("ignores other hashes and says why a damaged, foreign or oversized link opens nothing", () => {
    expect(readShared("#other")).toBeUndefined();
    expect(readShareLink("#share=not-deflate-data")).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged/) });
    expect(readShareLink(rawHash(JSON.stringify({ v: 2, source: "x" })))).toMatchObject({ ok: false, reason: expect.stringMatching(/not a Sluice/) });
    expect(readShareLink(rawHash(JSON.stringify({ v: 1, source: 42 })))).toMatchObject({ ok: false, reason: expect.stringMatching(/no module/) });
    expect(readShareLink("#share=" + "A".repeat(2 * 1024 * 1024 + 1))).toMatchObject({ ok: false, reason: expect.stringMatching(/2 MB/) });
    // A few kilobytes that inflate to 20 MB: refused before it is all in memory.
    expect(readShareLink(rawHash(JSON.stringify({ v: 1, source: " ".repeat(20 * 1024 * 1024) })))).toMatchObject({ ok: false, reason: expect.stringMatching(/8 MB/) });
  });

  it("keys a link by what it holds, so the same dataflow opens once", async () => {
    const a = readShared(hashOf(workspace))!;
    const b = readShared(hashOf({ requested: ["a"], behaviors: {}, driver: { recompute: ["a"] }, inputs: workspace.inputs, source: workspace.source }))!;
    expect(await linkKeyOf(a)).toBe(await linkKeyOf(b));
    expect(await linkKeyOf({ ...a, source: a.source + " " })).not.toBe(await linkKeyOf(a));
  });
});
