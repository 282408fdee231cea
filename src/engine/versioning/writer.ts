import type { IHasher } from "hash-wasm";

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
  text(s: string): void {
    const bytes = this.encoder.encode(s);
    this.u32(bytes.byteLength);
    this.bytes(bytes);
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
