import type { IHasher } from "hash-wasm";
import { isWellFormed } from "../formats/wellFormed";

/** The length `text` writes before a string with a lone surrogate: no string's UTF-8 is that long. */
const LONE_SURROGATES = 0xffffffff;

/** Buffers small writes so that hashing a million numbers is not a million WASM calls. */
export class Writer {
  private readonly scratch = new DataView(new ArrayBuffer(1 << 16));
  private used = 0;
  private readonly encoder = new TextEncoder();
  constructor(private readonly hasher: IHasher) {}

  private room(n: number): void {
    if (this.used + n > this.scratch.byteLength) this.flush();
  }
  tag(code: string): void {
    this.room(1);
    this.scratch.setUint8(this.used++, code.charCodeAt(0));
  }
  u32(n: number): void {
    this.room(4);
    this.scratch.setUint32(this.used, n, true);
    this.used += 4;
  }
  f64(n: number): void {
    this.room(8);
    this.scratch.setFloat64(this.used, Number.isNaN(n) ? NaN : n, true);
    this.used += 8;
  }
  /**
   * A string's UTF-8 bytes after their length. A string with a lone surrogate, which UTF-8 would
   * write as U+FFFD, is written as its UTF-16 units after a length no UTF-8 string has, so that
   * `"a\ud800"` and `"a\ufffd"` hash apart.
   */
  text(s: string): void {
    if (!isWellFormed(s)) {
      this.u32(LONE_SURROGATES);
      this.u32(s.length);
      for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
      return;
    }
    const bytes = this.encoder.encode(s);
    this.u32(bytes.byteLength);
    this.bytes(bytes);
  }
  private u16(n: number): void {
    this.room(2);
    this.scratch.setUint16(this.used, n, true);
    this.used += 2;
  }
  bytes(bytes: Uint8Array): void {
    if (bytes.byteLength > 4096) {
      this.flush();
      this.hasher.update(bytes);
      return;
    }
    this.room(bytes.byteLength);
    new Uint8Array(this.scratch.buffer, this.used, bytes.byteLength).set(bytes);
    this.used += bytes.byteLength;
  }
  flush(): void {
    if (this.used === 0) return;
    this.hasher.update(new Uint8Array(this.scratch.buffer, 0, this.used));
    this.used = 0;
  }
}
