import { describe, expect, it } from "vitest";
import { releaseBuffer, releaseBytes } from "./release";

describe("releasing a buffer", () => {
  it("detaches it: every view on it reads as empty afterwards", () => {
    const bytes = new Uint8Array(1024).fill(7);
    const other = new Float64Array(bytes.buffer, 8, 4);
    releaseBytes(bytes);
    expect(bytes.buffer.byteLength).toBe(0);
    expect(bytes.byteLength).toBe(0);
    expect(other.length).toBe(0);
  });

  it("does nothing to a buffer already empty or absent", () => {
    const empty = new ArrayBuffer(0);
    releaseBuffer(empty);
    releaseBuffer(undefined);
    releaseBytes(undefined);
    expect(empty.byteLength).toBe(0);
  });
});
