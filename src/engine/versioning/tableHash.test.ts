import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { utf8 } from "@uwdata/flechette";
import { decodeResult, encodeResult } from "../formats";
import { ipcToTable } from "../formats/arrow";
import { nodeSubject } from "../formats/errors";
import { fingerprint, hashedKinds } from "./fingerprint";

const version = async (value: unknown) => (await fingerprint(value)).dataVersion;
/** The same table held as Arrow vectors, as `fromArrow` gives it back (`maxBatchRows` for several batches). */
const viaArrow = (t: aq.ColumnTable, options: Record<string, unknown> = {}) =>
  ipcToTable(aq.toArrowIPC(t, { format: "stream", ...options }) as Uint8Array, nodeSubject("t"));
/** The same table as the native result store gives it back. */
const readBack = async (t: aq.ColumnTable) => decodeResult(structuredClone(await encodeResult(t, "native", "t")));

const N = 20_000; // more than one 8,192-row chunk
const cities = ["New York", "Montréal", "São Paulo", "東京", "", "Zürich 🚲"];
const columns = () => ({
  city: Array.from({ length: N }, (_, i) => (i % 97 === 0 ? null : cities[i % cities.length])),
  amount: Array.from({ length: N }, (_, i) => (i % 89 === 0 ? null : i * 0.25 - 100)),
  count: Array.from({ length: N }, (_, i) => i),
  when: Array.from({ length: N }, (_, i) => (i % 83 === 0 ? null : new Date(Date.UTC(2024, 8, 1 + (i % 30))))),
  ok: Array.from({ length: N }, (_, i) => (i % 79 === 0 ? null : i % 3 === 0)),
  big: Array.from({ length: N }, (_, i) => (i % 71 === 0 ? null : BigInt(i) * 10n ** 12n)),
});

describe("fp2 table versions: same content, same version, however the columns are held", () => {
  it("JS arrays, typed arrays, Arrow vectors (one batch or several, dictionary or not) and a cache read agree", async () => {
    const plain = aq.table(columns());
    const expected = await version(plain);
    expect(expected).toMatch(/^fp2_[0-9a-f]{32}$/);
    expect(await version(viaArrow(plain))).toBe(expected);
    expect(await version(viaArrow(plain, { maxBatchRows: 5000 }))).toBe(expected);
    expect(await version(viaArrow(plain, { types: { city: utf8() } }))).toBe(expected); // plain Utf8, not a dictionary
    expect(await version(await readBack(plain))).toBe(expected);

    const numbers = { x: Array.from({ length: N }, (_, i) => i / 3), n: Array.from({ length: N }, (_, i) => i) };
    const typed = aq.table({ x: Float64Array.from(numbers.x), n: Int32Array.from(numbers.n) });
    expect(await version(typed)).toBe(await version(aq.table(numbers)));
    expect(await version(viaArrow(typed))).toBe(await version(aq.table(numbers)));
  });

  it("a filtered or ordered table hashes its visible rows in order, like the same rows materialised", async () => {
    const plain = aq.table(columns());
    const filtered = plain.filter((d: { count: number }) => d.count % 7 === 1);
    const ordered = plain.orderby(aq.desc("count"));
    expect(await version(filtered)).toBe(await version(filtered.reify()));
    expect(await version(ordered)).toBe(await version(ordered.reify()));
    expect(await version(viaArrow(plain).filter((d: { count: number }) => d.count % 7 === 1))).toBe(await version(filtered));
    expect(await version(filtered)).not.toBe(await version(plain));
    expect(await version(ordered)).not.toBe(await version(plain));
    expect(await version(await readBack(filtered))).toBe(await version(filtered));
  });

  it("the tutorial's cases: equal content computed two ways has one version", async () => {
    const base = aq.table({ city: ["a", "b", "c"], amount: [1.5, 2.5, 3.5] });
    const derived = base.derive({ amount: (d: { amount: number }) => d.amount * 2 }).filter((d: { amount: number }) => d.amount > 4);
    expect(await version(derived)).toBe(await version(aq.table({ city: ["b", "c"], amount: [5, 7] })));
  });
});

describe("fp2 table versions: what differs", () => {
  const base = () => aq.table({ city: ["b", "c"], amount: [2.5, 3.5] });

  it("column names, column order, types, row order and values", async () => {
    const v = await version(base());
    const others = [
      aq.table({ town: ["b", "c"], amount: [2.5, 3.5] }),
      aq.table({ amount: [2.5, 3.5], city: ["b", "c"] }),
      aq.table({ city: ["b", "c"], amount: ["2.5", "3.5"] }),
      aq.table({ city: ["c", "b"], amount: [3.5, 2.5] }),
      aq.table({ city: ["b", "c"], amount: [2.5, 3.25] }),
      aq.table({ city: ["b", "c"], amount: [2.5, 3.5], extra: [null, null] }),
    ];
    for (const other of others) expect(await version(other)).not.toBe(v);
    expect(await version(base().objects())).not.toBe(v);
  });

  it("numbers, dates, booleans and bigints of equal bits differ; so do strings split differently", async () => {
    const versions = await Promise.all(
      [
        aq.table({ x: [0, 1] }),
        aq.table({ x: [new Date(0), new Date(1)] }),
        aq.table({ x: [false, true] }),
        aq.table({ x: [0n, 1n] }),
        aq.table({ x: ["0", "1"] }),
        aq.table({ x: ["01", ""] }),
        aq.table({ x: ["0", "1", null] }),
      ].map(version),
    );
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("missing cells: null and undefined are one thing in flat columns (Arrow keeps only null); NaN and null differ", async () => {
    expect(await version(aq.table({ x: [1, null] }))).toBe(await version(aq.table({ x: [1, undefined] })));
    expect(await version(aq.table({ x: [1, null] }))).not.toBe(await version(aq.table({ x: [1, NaN] })));
    expect(await version(aq.table({ x: ["a", null] }))).not.toBe(await version(aq.table({ x: ["a", ""] })));
    expect(await version(aq.table({ x: [true, null] }))).not.toBe(await version(aq.table({ x: [true, false] })));
    expect(await version(aq.table({ x: [new Date(0), null] }))).not.toBe(await version(aq.table({ x: [new Date(0), new Date(NaN)] })));
    // Any NaN is the canonical NaN, in a typed buffer too.
    const odd = new Float64Array(2);
    new Uint32Array(odd.buffer).set([1, 0x7ff80000, 5, 0xfff80000]);
    expect(await version(aq.table({ x: odd }))).toBe(await version(aq.table({ x: [NaN, NaN] })));
    expect(await version(aq.table({ x: odd }))).not.toBe(await version(aq.table({ x: [null, NaN] })));
  });

  it("grouping counts; groups by an expression can't be versioned", async () => {
    const t = aq.table({ k: ["a", "b", "a"], v: [1, 2, 3] });
    expect(await version(t.groupby("k"))).not.toBe(await version(t));
    expect(await version(t.groupby("k"))).toBe(await version(viaArrow(t).groupby("k")));
    expect((await fingerprint(t.groupby({ key: (d: { v: number }) => d.v > 1 }))).unhashable).toBe(true);
  });
});

describe("fp2 table versions: cells that are not flat", () => {
  it("objects, mixed types and bytes are hashed cell by cell, type-tagged, undefined apart from null", async () => {
    const json = aq.table({ x: [{ a: 1 }, [1, 2], null] });
    expect(await version(json)).toBe(await version(aq.table({ x: [{ a: 1 }, [1, 2], null] })));
    expect(await version(json)).not.toBe(await version(aq.table({ x: [{ a: 2 }, [1, 2], null] })));
    expect(await version(json)).toBe(await version(await readBack(json)));
    expect(await version(aq.table({ x: [1, "1"] }))).not.toBe(await version(aq.table({ x: ["1", 1] })));
    expect(await version(aq.table({ x: [{ a: 1 }, null] }))).not.toBe(await version(aq.table({ x: [{ a: 1 }, undefined] })));
    expect(hashedKinds(json)).toEqual({ x: "json" });
  });

  it("an unhashable cell makes the table unhashable", async () => {
    class Hidden {
      secret = 1;
    }
    const a = await fingerprint(aq.table({ x: [new Hidden()] }));
    expect(a.unhashable).toBe(true);
    expect(a.dataVersion).toMatch(/^<unhashable>_/);
    expect((await fingerprint(aq.table({ x: [() => 1] }))).unhashable).toBe(true);
  });
});

describe("values that are not tables", () => {
  it("keep fp1's encoding under the fp2 prefix", async () => {
    for (const value of [1, "1", { a: [1, null, new Date(0)] }, new Map([["k", new Set([1n])]]), Float64Array.of(1, 2)]) {
      const fp2 = await version(value);
      const fp1 = (await fingerprint(value, "fp1")).dataVersion;
      expect(fp1.startsWith("fp1_")).toBe(true);
      expect(fp2.slice(4)).toBe(fp1.slice(4));
    }
    expect((await fingerprint(aq.table({ x: [1] }), "fp1")).dataVersion.slice(4)).not.toBe((await version(aq.table({ x: [1] }))).slice(4));
  });
});
