import { describe, expect, it } from "vitest";
import { decodeLz4Frame } from "./lz4Frame";

const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe("LZ4 frames", () => {
  it("decodes linked blocks, overlapping matches and stored blocks (built by hand from the spec)", () => {
    const block1 = [0x40, ...ascii("abcd")]; // 4 literals, nothing else
    // 1 literal "x", then a match of 4 + 4 = 8 bytes at offset 5 reaching into block 1 and
    // overlapping itself, then a last literal "y".
    const block2 = [0x14, ...ascii("x"), 5, 0, 0x10, ...ascii("y")];
    const stored = ascii("zz");
    const frame = Uint8Array.from([
      ...le32(0x184d2204), 0x40, 0x40, 0x00, // magic, FLG (v01, linked, no checksums), BD, HC
      ...le32(block1.length), ...block1,
      ...le32(block2.length), ...block2,
      ...le32(stored.length | 0x80000000), ...stored,
      ...le32(0), // end mark
    ]);
    expect(new TextDecoder().decode(decodeLz4Frame(frame, 16))).toBe("abcdxabcdxabcyzz");
  });

  it("refuses what is not a frame, or a length that does not match", () => {
    expect(() => decodeLz4Frame(Uint8Array.from([1, 2, 3, 4, 5]), 5)).toThrow("not an LZ4 frame");
    const frame = Uint8Array.from([...le32(0x184d2204), 0x40, 0x40, 0, ...le32(5), 0x40, ...ascii("abcd"), ...le32(0)]);
    expect(() => decodeLz4Frame(frame, 6)).toThrow("decoded 4 bytes, expected 6");
  });
});
