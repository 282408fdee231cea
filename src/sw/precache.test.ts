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
