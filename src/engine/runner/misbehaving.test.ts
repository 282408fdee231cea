/**
 * Node code that misbehaves (issue 21): whatever it throws or however it fails to finish, the run
 * ends with a named, coded failure, and the next run on the same cache works.
 */
import { describe, expect, it } from "vitest";
import { Builder, createMemoryBackend, type CacheBackend } from "../index";
import { errorOf } from "../testing/errors";

const build = (source: string, backend: CacheBackend) => new Builder().withModules(source).withCache({ backend }).build();

describe("node code that misbehaves", () => {
  it.each([
    ["a string", `throw "no rows today";`, "no rows today"],
    ["null", `throw null;`, "null"],
    ["undefined", `throw undefined;`, "undefined"],
    ["a plain object", `throw { reason: "bad", n: 3 };`, "bad"],
    ["a number", `throw 42;`, "42"],
    ["a rejected promise of a string", `return Promise.reject("later");`, "later"],
  ])("a node that throws %s fails by name with what it threw, and the next run works", async (_what, body, said) => {
    const backend = createMemoryBackend();
    const bad = await build(`export const a = () => 1;\nexport function b(a) { ${body} }`, backend);
    const error = await errorOf(bad.execute(["b"]));
    expect(error.code).toBe("NODE_FAILED");
    expect(error.message).toContain("Node `b`");
    expect(error.message).toContain(said);
    const fixed = await build(`export const a = () => 1;\nexport function b(a) { return a + 1; }`, backend);
    expect(await fixed.execute(["b"])).toEqual({ b: 2 });
    expect(fixed.cache.viewRun().nodes.find((n) => n.id === "a")?.status).toBe("cached");
  });

  it("a node that overflows the stack fails by name, and the next run works", async () => {
    const backend = createMemoryBackend();
    const bad = await build(`export const a = () => 1;\nconst deep = (n) => deep(n + 1) + 1;\nexport function b(a) { return deep(a); }`, backend);
    const error = await errorOf(bad.execute(["b"]));
    expect(error.code).toBe("NODE_FAILED");
    expect(error.message).toContain("Node `b`");
    expect(error.message).toMatch(/call stack/i);
    const fixed = await build(`export const a = () => 1;\nexport function b(a) { return a + 1; }`, backend);
    expect(await fixed.execute(["b"])).toEqual({ b: 2 });
  });

  it("a node whose promise never resolves is ended by Stop, and what ran before stays stored", async () => {
    const backend = createMemoryBackend();
    const dr = await build(`export const a = () => 1;\nexport const b = (a) => new Promise(() => undefined);`, backend);
    const controller = new AbortController();
    const running = dr.execute(["b"], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await errorOf(running);
    expect(error.code).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(2000);
    const next = await build(`export const a = () => 1;\nexport const b = (a) => a + 1;`, backend);
    expect(await next.execute(["b"])).toEqual({ b: 2 });
    expect(next.cache.viewRun().nodes.find((n) => n.id === "a")?.status).toBe("cached");
  });
});

describe("limits", () => {
  it("a module past the size limit is refused in words before any parser runs", async () => {
    const huge = `export const a = () => 1;\n// ${"x".repeat(2_000_100)}\n`;
    const error = await errorOf(new Builder().withModules(huge).build());
    expect(error.code).toBe("SYNTAX");
    expect(error.message).toMatch(/Module 1 is 2,000,1\d\d characters; Sluice accepts modules up to 2,000,000/);
  });
});
