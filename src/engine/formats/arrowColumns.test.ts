import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { ipcToTable, tableToIpcStream } from "./arrow";
import { nodeSubject } from "./errors";
import { arrowContent } from "./fixtures";
import { tableToMarker } from "./native";
import { schemaOf } from "./table";

const subject = nodeSubject("t");

/** A small seeded generator, so a failure names the seed that made it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [0, 1, -1, 127, -128, 128, 32767, -32769, 2147483647, -2147483648, 2147483648, 1.5, NaN, Infinity, -Infinity, 1e300, Number.MAX_SAFE_INTEGER];
const STRINGS = ["", "a", "Montréal", "日本", "a\u0000b", "🙂", "null", "0"];

function column(next: () => number, rows: number, cells: readonly unknown[], nulls: boolean): unknown[] {
  const width = 1 + Math.floor(next() * cells.length);
  return Array.from({ length: rows }, () => (nulls && next() < 0.2 ? (next() < 0.5 ? null : undefined) : cells[Math.floor(next() * width)]));
}

describe("Arrow columns read straight from number and string arrays", () => {
  it("hold the Arrow types and cells arquero's toArrow gives, for built and Arrow-read tables, plain, filtered and ordered (200 random tables)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const rows = 1 + Math.floor(next() * 60);
      const nulls = next() < 0.5;
      const built = aq.table({ n: column(next, rows, NUMBERS, nulls), s: column(next, rows, STRINGS, nulls), i: Array.from({ length: rows }, (_, r) => r), f: Float32Array.from({ length: rows }, () => next()) });
      // The same table read back from Arrow: string columns as dictionary keys, numbers as typed arrays.
      const read = ipcToTable(aq.toArrowIPC(built, { format: "stream" }) as Uint8Array, subject);
      for (const t of [built, read]) {
        const shapes = [t, t.filter((d: { i: number }) => d.i % 3 !== 1), t.orderby(aq.desc("i")), t.params({ half: rows / 2 }).filter((d: { i: number }, $: { half: number }) => d.i > $.half).orderby("s")];
        for (const shape of shapes) {
          const theirs = aq.toArrowIPC(shape, { format: "stream" }) as Uint8Array;
          const ours = tableToIpcStream(shape, subject);
          expect(arrowContent(ours), `seed ${seed}`).toEqual(arrowContent(theirs));
          expect(ipcToTable(ours, subject).objects(), `seed ${seed}`).toEqual(ipcToTable(theirs, subject).objects());
        }
      }
    }
  });

  it("give a filtered Arrow-read string column a dictionary of what it shows, so it reads back grouping as it was", () => {
    const read = ipcToTable(aq.toArrowIPC(aq.table({ city: ["Oslo", "Lima", "Rome", "Lima"] }), { format: "stream" }) as Uint8Array, subject);
    const kept = read.filter((d: { city: string }) => d.city !== "Oslo");
    const back = ipcToTable(tableToIpcStream(kept, subject), subject);
    expect(back.groupby("city").count().objects()).toEqual(kept.groupby("city").count().objects());
    expect(back.groupby("city").count().numRows()).toBe(2);
  });

  it("keep -0, which an integer column would give back as 0", () => {
    const back = ipcToTable(tableToIpcStream(aq.table({ n: [0, -0, 3] }), subject), subject);
    expect(Object.is(back.get("n", 1), -0)).toBe(true);
  });

  it("leave columns they do not cover (booleans, dates, bigints, mixed cells) to toArrow, in the table's column order", () => {
    const t = aq.table({ b: [true, null, false], s: ["x", "y", null], d: [new Date(0), null, new Date(5)], n: [1, 2, 3], big: [1n, 2n, null] });
    const bytes = tableToIpcStream(t, subject);
    expect(arrowContent(bytes)).toEqual(arrowContent(aq.toArrowIPC(t, { format: "stream" }) as Uint8Array));
    expect(ipcToTable(bytes, subject).columnNames()).toEqual(["b", "s", "d", "n", "big"]);
  });

  it("leave the table they read whole", () => {
    const n = [1, 2, 3, 4];
    const s = ["a", "b", "a", "c"];
    const t = aq.table({ n, s }).filter((d: { n: number }) => d.n > 1);
    tableToIpcStream(t, subject);
    expect(t.objects()).toEqual([
      { n: 2, s: "b" },
      { n: 3, s: "a" },
      { n: 4, s: "c" },
    ]);
    expect(n).toEqual([1, 2, 3, 4]);
  });
});

describe("a table encoded before its kinds are known (a pool crossing with no fingerprint)", () => {
  it("is the marker the scanned kinds would give: the same bytes when Arrow holds it exactly, data otherwise (200 random tables)", () => {
    const odd: readonly unknown[] = [true, false, new Date(0), 3n, { a: 1 }, [1, 2], "x", 2];
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const rows = 1 + Math.floor(next() * 40);
      const nulls = next() < 0.5;
      // Some columns only sometimes mixed: the fast path copies a column before it meets the odd cell.
      const mixedAt = Math.floor(next() * rows);
      const sometimes = column(next, rows, NUMBERS, nulls).map((v, r) => (next() < 0.3 && r === mixedAt ? odd[Math.floor(next() * odd.length)] : v));
      const built = aq.table({ n: column(next, rows, NUMBERS, nulls), s: column(next, rows, STRINGS, nulls), m: sometimes, i: Array.from({ length: rows }, (_, r) => r) });
      const read = ipcToTable(aq.toArrowIPC(built.select("n", "s", "i"), { format: "stream" }) as Uint8Array, subject);
      for (const t of [built, read, built.filter((d: { i: number }) => d.i % 2 === 0), read.orderby(aq.desc("i"))]) {
        const guessed = tableToMarker(t, subject);
        const scanned = tableToMarker(t, subject, schemaOf(t));
        expect(guessed, `seed ${seed}`).toEqual(scanned);
      }
    }
  });

  it("keeps as data a column of mixed cells, and one of nested cells Arrow would give back as structs, every cell as it was", () => {
    const mixed = tableToMarker(aq.table({ a: [1, 2, "3"], b: [1, 2, 3] }), subject);
    expect(mixed.ipc).toBeUndefined();
    expect(mixed.columns).toEqual([[1, 2, "3"], [1, 2, 3]]);
    const nested = tableToMarker(aq.table({ o: [{ a: 1 }, { a: 2 }], b: ["x", "y"] }).filter((d: { b: string }) => d.b !== "z"), subject);
    expect(nested.ipc).toBeUndefined();
    expect(nested.columns).toEqual([[{ a: 1 }, { a: 2 }], ["x", "y"]]);
  });
});
