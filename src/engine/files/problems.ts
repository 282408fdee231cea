import { SluiceError } from "../errors";
import type { FileFormat } from "../formats";

/**
 * What is wrong with a file's bytes, in words a person can act on. An upload checks what is cheap
 * (magic numbers, a footer's length, JSON syntax up to a size); what only a full read finds is
 * said by `badFile` when a node reads it. The decoding library's own text is kept as a detail,
 * never the message.
 */

const FORMAT_NAME: Record<FileFormat, string> = { parquet: "Parquet", arrow: "Arrow IPC", csv: "CSV", json: "JSON", bin: "binary" };
export const formatName = (format: FileFormat) => FORMAT_NAME[format];

const PAR1 = [0x50, 0x41, 0x52, 0x31];
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];
const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => at >= 0 && magic.every((b, i) => bytes[at + i] === b);
const count = (n: number) => n.toLocaleString("en-US");

/**
 * The ends of a file: its first bytes and its last, and its whole size, which is all the
 * binary checks need (so a 500 MB upload is checked from 16 bytes).
 */
export interface FileEnds {
  head: Uint8Array;
  tail: Uint8Array;
  size: number;
}

export const endsOf = (bytes: Uint8Array): FileEnds => ({ head: bytes.subarray(0, 8), tail: bytes.subarray(Math.max(0, bytes.length - 10)), size: bytes.length });

function parquetProblem({ head, tail, size }: FileEnds): string | undefined {
  if (size < 12) return `is not a Parquet file: it is only ${count(size)} bytes`;
  if (!startsWith(head, PAR1)) return "is not a Parquet file: it does not start with PAR1 (another format with a .parquet name?)";
  if (!startsWith(tail, PAR1, tail.length - 4)) return "is not a Parquet file: its footer is missing (it was cut off, or a download did not finish)";
  const at = tail.length - 8;
  const metadata = tail[at] | (tail[at + 1] << 8) | (tail[at + 2] << 16) | (tail[at + 3] << 24);
  if (metadata <= 0 || metadata > size - 12) return `is not a readable Parquet file: its footer claims ${count(metadata >>> 0)} bytes of metadata in a ${count(size)}-byte file`;
  return undefined;
}

function arrowProblem({ head, tail, size }: FileEnds): string | undefined {
  if (size < 8) return `is not an Arrow IPC file: it is only ${count(size)} bytes`;
  if (startsWith(head, ARROW1)) {
    return startsWith(tail, ARROW1, tail.length - 6) ? undefined : "is not a complete Arrow IPC file: it starts like one but its footer is missing (it was cut off?)";
  }
  // An IPC stream: the 0xFFFFFFFF continuation, then a message's length.
  const stream = head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff;
  return stream ? undefined : "is not an Arrow IPC file or stream: it starts with neither ARROW1 nor a stream's 0xFFFFFFFF";
}

/** Where JSON.parse stopped, as a byte offset, from its message (V8: "... at position 42 ..."). */
function jsonPosition(message: string, text: string): number | undefined {
  const match = /position (\d+)/.exec(message);
  if (!match) return undefined;
  const at = Math.min(Number(match[1]), text.length);
  return new TextEncoder().encode(text.slice(0, at)).length;
}

/** Why a JSON text does not parse, with where: "ends in the middle of a value at byte 4,096". */
export function jsonTextProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const bytes = new TextEncoder().encode(text).length;
    if (text.trim() === "") return "is not JSON: it is empty";
    const at = jsonPosition(message, text);
    if (/end of JSON input|Unterminated/i.test(message) || (at !== undefined && at >= bytes - 1)) return `is cut off: the JSON ends in the middle of a value at byte ${count(bytes)}`;
    return at === undefined ? "is not valid JSON" : `is not valid JSON: it goes wrong at byte ${count(at)}`;
  }
}

/** A text format holding NUL bytes is a binary file under a text name. */
function textProblem(head: Uint8Array, format: FileFormat): string | undefined {
  return head.includes(0) ? `is not a ${formatName(format)} file: it holds NUL bytes, so it is binary, not text` : undefined;
}

/**
 * Why bytes are not what their format claims, or undefined when the cheap checks pass.
 * `text` is the file as text when it is small enough to parse (JSON); `start` its first bytes.
 */
export function endsProblem(ends: FileEnds, format: FileFormat, start: Uint8Array = ends.head, text?: string): string | undefined {
  switch (format) {
    case "parquet":
      return parquetProblem(ends);
    case "arrow":
      return arrowProblem(ends);
    case "json":
      return textProblem(start, format) ?? (text === undefined ? undefined : jsonTextProblem(text));
    case "csv":
      return textProblem(start, format);
    case "bin":
      return undefined;
  }
}

/**
 * A file that did not decode when read: BAD_FILE, naming the file and the format, with what is
 * wrong in words (from its bytes when they show it) and the library's message as `detail`.
 */
export function badFile(name: string, format: FileFormat, bytes: Uint8Array, cause: unknown): SluiceError {
  const inner = cause instanceof SluiceError && cause.details.cause !== undefined ? cause.details.cause : cause;
  const detail = inner instanceof Error ? inner.message : String(inner);
  const text = format === "json" && bytes.length <= 64 * 2 ** 20 ? new TextDecoder().decode(bytes) : undefined;
  const seen = endsProblem(endsOf(bytes), format, bytes.subarray(0, 65536), text);
  // Sluice reads CSV itself, and its reader says which line and column: those are its words.
  const why =
    seen ??
    (format === "csv"
      ? `could not be read as CSV: ${detail}`
      : `could not be read as ${formatName(format)}: its contents are damaged or were written by a tool that does not follow the format`);
  return new SluiceError("BAD_FILE", `File \`${name}\` ${why}`, { file: name, format, detail, cause });
}
