import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { fingerprint, FINGERPRINT_SCHEME } from "./fingerprint";

const version = async (value: unknown) => (await fingerprint(value)).dataVersion;

describe("fingerprint", () => {
  it("is pinned to a named scheme and deterministic", async () => {
    expect(await version({ a: 1 })).toMatch(new RegExp(`^${FINGERPRINT_SCHEME}_[0-9a-f]{32}$`));
    expect(await version({ a: [1, "x", null] })).toBe(await version({ a: [1, "x", null] }));
  });

  it("tags types: 1, '1', true, [1] and 1n differ", async () => {
    const versions = await Promise.all([1, "1", true, [1], 1n, null, undefined].map(version));
    expect(new Set(versions).size).toBe(7);
  });

  it("hashes objects by sorted keys and arrays by order", async () => {
    expect(await version({ a: 1, b: 2 })).toBe(await version({ b: 2, a: 1 }));
    expect(await version([1, 2])).not.toBe(await version([2, 1]));
  });

  it("has rules for Date, Map, Set, typed arrays, ArrayBuffer", async () => {
    expect(await version(new Date(0))).toBe(await version(new Date(0)));
    expect(await version(new Date(0))).not.toBe(await version(0));
    expect(await version(new Map([["a", 1], ["b", 2]]))).toBe(await version(new Map([["b", 2], ["a", 1]])));
    expect(await version(new Map([["a", 1]]))).not.toBe(await version({ a: 1 }));
    expect(await version(new Set([1, 2]))).toBe(await version(new Set([2, 1])));
    expect(await version(new Set([1, 2]))).not.toBe(await version([1, 2]));
    expect(await version(Float64Array.of(1, 2))).not.toBe(await version(Int32Array.of(1, 2)));
    expect(await version(Float64Array.of(1, 2))).toBe(await version(Float64Array.of(1, 2)));
    expect(await version(new Uint8Array([1, 2]).buffer)).not.toBe(await version(new Uint8Array([1, 2])));
  });

  it("tables: equal content is equal however derived; names, types and order matter", async () => {
    const base = aq.table({ city: ["a", "b", "c"], amount: [1.5, 2.5, 3.5] });
    const filtered = base.filter((d: { amount: number }) => d.amount > 2);
    const materialized = filtered.reify();
    const direct = aq.table({ city: ["b", "c"], amount: [2.5, 3.5] });
    expect(await version(filtered)).toBe(await version(materialized));
    expect(await version(filtered)).toBe(await version(direct));
    expect(await version(direct)).not.toBe(await version(aq.table({ town: ["b", "c"], amount: [2.5, 3.5] })));
    expect(await version(direct)).not.toBe(await version(aq.table({ city: ["b", "c"], amount: ["2.5", "3.5"] })));
    expect(await version(direct)).not.toBe(await version(aq.table({ city: ["c", "b"], amount: [3.5, 2.5] })));
    expect(await version(direct)).not.toBe(await version(direct.objects()));
  });

  it("unhashable values, nested or not, get a fresh <unhashable> version each time", async () => {
    class Hidden {
      secret = 1;
    }
    for (const value of [() => 1, Promise.resolve(1), new Hidden(), { nested: [1, { fn: () => 2 }] }]) {
      const a = await fingerprint(value);
      const b = await fingerprint(value);
      expect(a.unhashable).toBe(true);
      expect(a.dataVersion).toMatch(/^<unhashable>_/);
      expect(a.dataVersion).not.toBe(b.dataVersion);
    }
  });
});
