/*
 * LZ4 frame decoding, for Arrow IPC buffers compressed with LZ4_FRAME (what pyarrow and Arrow
 * C++ write with compression="lz4"). Written from the LZ4 frame and block format specs
 * (lz4/doc/lz4_Frame_format.md, lz4_Block_format.md). Blocks are decoded into one output
 * buffer, so linked blocks (the default) can copy from earlier blocks. Checksums are skipped:
 * Arrow's buffer lengths already catch a truncated or mangled body.
 */

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;

const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** Decodes one LZ4 block from `input[start, end)` into `out` at `pos`; returns the new position. */
function decodeBlock(input: Uint8Array, start: number, end: number, out: Uint8Array, pos: number): number {
  let i = start;
  while (i < end) {
    const token = input[i++];
    let literals = token >>> 4;
    if (literals === 15) {
      let more: number;
      do literals += more = input[i++];
      while (more === 255);
    }
    if (pos + literals > out.length) throw new Error("lz4: output longer than announced");
    out.set(input.subarray(i, i + literals), pos);
    i += literals;
    pos += literals;
    if (i >= end) break; // the last sequence has literals only
    const offset = input[i] | (input[i + 1] << 8);
    i += 2;
    if (offset === 0 || offset > pos) throw new Error("lz4: match offset out of range");
    let length = token & 15;
    if (length === 15) {
      let more: number;
      do length += more = input[i++];
      while (more === 255);
    }
    length += 4;
    if (pos + length > out.length) throw new Error("lz4: output longer than announced");
    // Byte by byte: a match may overlap the bytes it produces (offset < length repeats them).
    for (let from = pos - offset, stop = pos + length; pos < stop; ) out[pos++] = out[from++];
  }
  return pos;
}

/** LZ4 frame(s) to `outputLength` bytes; throws on anything that is not a well-formed frame. */
export function decodeLz4Frame(input: Uint8Array, outputLength: number): Uint8Array {
  const out = new Uint8Array(outputLength);
  let pos = 0;
  let i = 0;
  while (i + 4 <= input.length) {
    const magic = u32(input, i);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      i += 8 + u32(input, i + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Error("lz4: not an LZ4 frame");
    const flags = input[i + 4];
    if (flags >>> 6 !== 1) throw new Error("lz4: unsupported frame version");
    const blockChecksum = (flags & 0x10) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    i += 6 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1; // FLG, BD, size, dict id, HC
    for (;;) {
      const size = u32(input, i);
      i += 4;
      if (size === 0) break; // end mark
      const length = size & 0x7fffffff;
      if (size & 0x80000000) {
        out.set(input.subarray(i, i + length), pos); // stored uncompressed
        pos += length;
      } else {
        pos = decodeBlock(input, i, i + length, out, pos);
      }
      i += length + (blockChecksum ? 4 : 0);
    }
    i += contentChecksum ? 4 : 0;
  }
  if (pos !== outputLength) throw new Error(`lz4: decoded ${pos} bytes, expected ${outputLength}`);
  return out;
}
