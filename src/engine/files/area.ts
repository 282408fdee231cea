import { SluiceError } from "../errors";
import { cannotHold, encodeJsonValue, fileSubject, isTable, tableCodec, type ColumnSchema, type ParquetCompression } from "../formats";
import { OPFS_MIN_BYTES } from "../stores/opfs";
import { blobChunks, blobProblem, bytesProblem, decodeFile, formatFromName } from "./decode";
import { readOptions, writeOptions } from "./options";
import type { FileArea, FileBackend, FileFormat, FileInfo, StoredFile } from "./types";

function checkName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") {
    throw new SluiceError("BAD_OPTION", `A file name must be a non-empty string, got ${JSON.stringify(name)}`, { option: "name" });
  }
  return name;
}

function pickFormat(name: string, format: FileFormat | undefined, value: unknown): FileFormat {
  const chosen = format ?? formatFromName(name) ?? (value instanceof Uint8Array ? "bin" : undefined);
  if (!chosen) {
    throw new SluiceError(
      "BAD_OPTION",
      `Cannot tell the format of file \`${name}\`: give it an extension (.csv, .json, .parquet, .arrow) or pass a format`,
      { option: "format" },
    );
  }
  return chosen;
}

/** A value as file bytes, through the same codecs the result store uses. */
async function encodeFile(
  name: string,
  value: unknown,
  format: FileFormat,
  compression?: ParquetCompression,
): Promise<{ bytes: Uint8Array; schema?: ColumnSchema }> {
  const subject = fileSubject(name);
  if (value instanceof Uint8Array) return { bytes: value.slice() };
  if (value instanceof ArrayBuffer) return { bytes: new Uint8Array(value.slice(0)) };
  if (format === "bin") throw cannotHold(subject, "bin", "`bin` files take bytes (a Uint8Array or ArrayBuffer)");
  if (compression && format !== "parquet") {
    throw new SluiceError("BAD_OPTION", `File \`${name}\`: \`compression\` applies to Parquet files, and this one is \`${format}\``, { option: "compression" });
  }
  if (isTable(value)) return tableCodec(format).encode(value, { subject, compression });
  if (format === "json") return { bytes: encodeJsonValue(value, subject) };
  if (format === "csv" && typeof value === "string") return { bytes: new TextEncoder().encode(value) };
  throw cannotHold(subject, format, `\`${format}\` files hold Arquero tables (or bytes)`);
}

const info = ({ name, format, size, updatedAt, origin }: Pick<StoredFile, "name" | "format" | "size" | "updatedAt" | "origin">): FileInfo => ({
  name,
  format: format as FileFormat,
  size,
  updatedAt,
  origin,
});

/** Storage failures (quota, a blocked database) become STORAGE errors naming the file. */
async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SluiceError("STORAGE", `Could not ${what}: ${why}`, { cause: error });
  }
}

export function createFileArea(backend: FileBackend): FileArea {
  const load = async (name: string): Promise<StoredFile> => {
    const file = await guard(`read file \`${name}\``, () => backend.get(checkName(name)));
    if (!file) {
      const names = (await backend.headers()).map((f) => f.name);
      const known = names.length ? `; the file area has ${names.map((n) => `\`${n}\``).join(", ")}` : "; the file area is empty";
      throw new SluiceError("STORAGE", `No file \`${name}\`${known}`);
    }
    return file;
  };
  const save = async (file: StoredFile): Promise<FileInfo> => {
    await guard(`write file \`${file.name}\``, () => backend.put(file));
    return info(file);
  };

  return {
    store: backend,
    async write(name, value, options, origin = "node") {
      const { format, compression } = writeOptions(options, `File \`${checkName(name)}\``);
      const fmt = pickFormat(name, format, value);
      const { bytes, schema } = await encodeFile(name, value, fmt, compression);
      const file: StoredFile = { name, bytes, format: fmt, size: bytes.byteLength, updatedAt: Date.now(), origin };
      return save(schema ? { ...file, schema } : file);
    },
    async read(name, options) {
      const file = await load(name);
      const { format: fmt, csv, columns } = readOptions(options, `File \`${name}\``, file.format as FileFormat);
      // The recorded schema only describes the bytes in the format they were written in.
      const schema = fmt === file.format ? file.schema : undefined;
      // A .tsv file is CSV with tabs unless told otherwise.
      const tsv = fmt === "csv" && /\.(tsv|tab)$/i.test(name) && !schema && csv?.delimiter === undefined;
      return decodeFile(file.bytes, fmt, fileSubject(name), schema, tsv ? { ...csv, delimiter: "\t" } : csv, columns);
    },
    async readBytes(name) {
      return (await load(name)).bytes.slice();
    },
    async upload(name, source, onProgress) {
      const fmt = formatFromName(checkName(name)) ?? "bin";
      if (source instanceof Blob) {
        const problem = await blobProblem(source, fmt);
        if (problem) throw new SluiceError("BAD_FILE", `\`${name}\` ${problem}. Nothing was kept.`, { file: name, format: fmt });
        const header = { name, format: fmt, size: source.size, updatedAt: Date.now(), origin: "upload" };
        if (backend.putStream && source.size >= OPFS_MIN_BYTES) {
          await guard(`write file \`${name}\``, () => backend.putStream!(header, blobChunks(source), onProgress));
          return info(header);
        }
        const bytes = new Uint8Array(await source.arrayBuffer());
        onProgress?.(bytes.byteLength);
        return save({ ...header, bytes });
      }
      const bytes = source;
      const problem = bytesProblem(bytes, fmt);
      if (problem) throw new SluiceError("BAD_FILE", `\`${name}\` ${problem}. Nothing was kept.`, { file: name, format: fmt });
      const copy = bytes.slice();
      return save({ name, bytes: copy, format: fmt, size: copy.byteLength, updatedAt: Date.now(), origin: "upload" });
    },
    async list() {
      const files = await guard("list files", () => backend.headers());
      return files.map(info).sort((a, b) => a.name.localeCompare(b.name));
    },
    async delete(name) {
      await guard(`delete file \`${name}\``, () => backend.delete(checkName(name)));
    },
    async deleteAll() {
      await guard("delete all files", () => backend.clear());
    },
  };
}
