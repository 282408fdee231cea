import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { decodeResult, encodeResult } from ".";
import { fingerprint, hashedKinds } from "../versioning/fingerprint";
import { createCrossings } from "../runner/pool";
import { unpackArgs } from "../runner/poolWorker";
import { kindOfColumn } from "./table";

// A lone high surrogate, and what UTF-8 would make of it.
const LONE = "a\ud800b";
const REPLACED = "a\ufffdb";

describe("strings with a lone surrogate (half of a UTF-16 pair)", () => {
  it("are a column of their own kind, with or without well-formed strings beside them", () => {
    expect(kindOfColumn([LONE, "x", null])).toBe("surrogates");
    expect(kindOfColumn(["x", LONE])).toBe("surrogates");
    expect(kindOfColumn(["x", "\ud83d\ude00"])).toBe("string");
    expect(kindOfColumn(["x", LONE, 1])).toBe("mixed");
  });

  it("come back from the store as they were, in the native format and in JSON", async () => {
    const table = aq.table({ s: [LONE, "ok", null, "\udc00"], n: [1, 2, 3, 4] });
    for (const format of ["native", "json"] as const) {
      const back = (await decodeResult(structuredClone(await encodeResult(table, format, "t")))) as aq.ColumnTable;
      expect(back.array("s"), format).toEqual([LONE, "ok", null, "\udc00"]);
    }
    expect(await decodeResult(structuredClone(await encodeResult({ s: LONE }, "native", "t")))).toEqual({ s: LONE });
  });

  it("are refused, named, by the formats that write UTF-8 text", async () => {
    const table = aq.table({ s: ["ok", LONE] });
    for (const format of ["arrow", "parquet", "csv"] as const) {
      await expect(encodeResult(table, format, "t"), format).rejects.toMatchObject({ message: expect.stringContaining("lone surrogate") });
    }
  });

  it("have a data version of their own, as values and in tables", async () => {
    expect((await fingerprint(LONE)).dataVersion).not.toBe((await fingerprint(REPLACED)).dataVersion);
    const version = async (s: string) => (await fingerprint(aq.table({ s: ["x", s] }))).dataVersion;
    expect(await version(LONE)).not.toBe(await version(REPLACED));
    // Filtered or not, the same visible strings are the same version.
    expect((await fingerprint(aq.table({ s: ["y", "x", LONE] }).filter((d: { s: string }) => d.s !== "y"))).dataVersion).toBe(await version(LONE));
  });

  it("split across two cells (the halves of one pair, after a plain one) are still lone, in each cell", async () => {
    const split = aq.table({ s: ["x", "a\ud83d", "\ude00b"] });
    const replaced = aq.table({ s: ["x", "a\ufffd", "\ufffdb"] });
    expect(kindOfColumn(split.array("s") as string[])).toBe("surrogates");
    expect((await fingerprint(split)).dataVersion).not.toBe((await fingerprint(replaced)).dataVersion);
    // Stored with the kinds its fingerprint found, as a run stores it.
    expect(hashedKinds(split)).toBeDefined();
    const back = (await decodeResult(structuredClone(await encodeResult(split, "native", "t", { kinds: hashedKinds(split) })))) as aq.ColumnTable;
    expect(back.array("s")).toEqual(["x", "a\ud83d", "\ude00b"]);
  });

  it("cross to a pool worker and back as they were", () => {
    const table = aq.table({ s: [LONE, "ok"], n: [1, 2] });
    const packed = createCrossings().pack([table], new Set())!;
    const [crossed] = unpackArgs(structuredClone(packed.packed, { transfer: packed.transfer }), new Map()) as aq.ColumnTable[];
    expect(crossed.array("s")).toEqual([LONE, "ok"]);
  });
});
