import { describe, expect, it } from "vitest";
import { precacheVersion } from "../../vite.offline";

describe("the precache version", () => {
  const build = new Map<string, string | Uint8Array>([
    ["index.html", "<html>"],
    ["assets/a-1.js", new Uint8Array([1, 2])],
  ]);

  it("depends on the files, not the order they were listed in", () => {
    expect(precacheVersion(new Map([...build].reverse()))).toBe(precacheVersion(build));
  });

  it("changes when a file's bytes, name or presence change", () => {
    const versions = new Set([
      precacheVersion(build),
      precacheVersion(new Map(build).set("index.html", "<html >")),
      precacheVersion(new Map([...build].map(([name, bytes]) => [name.replace("a-1", "a-2"), bytes]))),
      precacheVersion(new Map(build).set("favicon.svg", "<svg>")),
    ]);
    expect(versions.size).toBe(4);
  });
});

describe("the files left out of the precache", () => {
  it("are DuckDB's wasm and script as the build names them, and nothing else", async () => {
    const { LAZY } = await import("../../vite.offline");
    expect(["assets/duckdb-eh-9ubY-jlA.wasm", "assets/duckdbScript-CC4UJscH.js"].every((name) => LAZY.test(name))).toBe(true);
    expect(["assets/index-abc.js", "assets/compute.worker-x.js", "index.html", "sandbox.html"].some((name) => LAZY.test(name))).toBe(false);
  });
});
