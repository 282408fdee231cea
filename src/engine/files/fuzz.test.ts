// Every file decoder, fed generated input (issue 21): random bytes, bytes that start like the
// format, and damaged copies of real files (cut off, overwritten, flipped, spliced). Each upload
// is kept or refused with a coded error; each read of a kept one gives a value or BAD_FILE; all
// within a time bound. `npm run fuzz` runs many more.
import * as aq from "arquero";
import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMemoryFileArea } from ".";
import { encodeResult } from "../formats";
import { decodeVerified, sealed } from "../stores/integrity";
import { damaged, fuzzParams, junk, settlesCoded } from "../testing/fuzz";

const table = aq.table({ city: ["Oslo", "Lima", null, "Pune"], n: [1, 2.5, null, -4], when: [new Date(0), null, new Date(86_400_000), new Date(1e12)] });
const text = (s: string) => new TextEncoder().encode(s);

async function validFiles(): Promise<Record<string, Uint8Array>> {
  const files = createMemoryFileArea();
  const out: Record<string, Uint8Array> = {};
  for (const name of ["t.parquet", "t.arrow", "t.csv", "t.json"]) {
    await files.write(name, table);
    out[name] = await files.readBytes(name);
  }
  out["s.arrow"] = aq.toArrowIPC(table, { format: "stream" }) as Uint8Array;
  out["r.json"] = text(JSON.stringify({ rows: [{ a: 1 }, { a: "x" }], nested: { deep: [[[1]]] } }));
  return out;
}

/** The corpus: inputs that once failed, kept as fixtures (name says the extension to upload as). */
const CORPUS = new URL("../testing/fuzz-corpus/", import.meta.url);
// `open-*` inputs still break a library beyond what a test process survives: kept, not replayed.
const corpus = () => readdirSync(CORPUS).filter((f) => !f.endsWith(".md") && !f.startsWith("open-")).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(new URL(f, CORPUS))) }));

/** A property's failure says what went wrong, not only that it did. */
function failWith(problem: string | undefined): void {
  if (problem) throw new Error(problem);
}

/** Upload, then (when kept) read: each step a value or a coded error, in time. */
async function roundTrip(name: string, bytes: Uint8Array): Promise<string | undefined> {
  const files = createMemoryFileArea();
  let kept = false;
  const upload = await settlesCoded(async () => {
    await files.upload(name, bytes);
    kept = true;
  });
  if (upload) return `upload: ${upload}`;
  if (!kept) return (await files.list()).length === 0 ? undefined : "a refused upload kept something";
  const read = await settlesCoded(() => files.read(name));
  return read && `read: ${read}`;
}

describe("file decoders under generated input", () => {
  it("replays the corpus of inputs that once failed", async () => {
    for (const { name, bytes } of corpus()) expect(await roundTrip(name.replace(/^[^.]*-/, ""), bytes), name).toBeUndefined();
  });

  // "t.arrow" is the IPC file format, whose footer once made flechette allocate until the process
  // died (fuzz-corpus/flechette-vector-length-t.arrow; patches/ bounds its readVector).
  it.each(["t.parquet", "t.arrow", "s.arrow", "t.csv", "t.json", "r.json"])("damaged copies of %s", async (name) => {
    const valid = (await validFiles())[name];
    await fc.assert(
      fc.asyncProperty(damaged(valid), async (bytes) => failWith(await roundTrip(name, bytes))),
      fuzzParams(60),
    );
  });

  it.each([
    ["x.parquet", text("PAR1"), text("PAR1")],
    ["x.arrow", text("ARROW1\0\0"), text("ARROW1")],
    ["x.arrow", new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array()],
    ["x.csv", new Uint8Array(), new Uint8Array()],
    ["x.json", text("["), new Uint8Array()],
  ] as const)("random bytes as %s (starting like one)", async (name, prefix, suffix) => {
    await fc.assert(
      fc.asyncProperty(junk(prefix, suffix), async (bytes) => failWith(await roundTrip(name, bytes))),
      fuzzParams(60),
    );
  });

  it("text that is almost CSV or JSON: quotes, delimiters, BOMs, NULs, huge lines", async () => {
    const piece = fc.constantFrom('"', ",", "\t", "\n", "\r\n", "a", "1", "-", "\uFEFF", "\u0000", "{", "}", "[", "]", ":", "é", "1e309", "null");
    const soup = fc.array(piece, { maxLength: 400 }).map((parts) => text(parts.join("")));
    for (const name of ["soup.csv", "soup.tsv", "soup.json"]) {
      await fc.assert(fc.asyncProperty(soup, async (bytes) => failWith(await roundTrip(name, bytes))), fuzzParams(80));
    }
  });
});

describe("stored-result decoders under damaged bytes", () => {
  it.each(["native", "arrow", "parquet", "csv", "json"] as const)("a damaged %s body is refused as corrupt, never served", async (format) => {
    const encoded = await encodeResult(format === "json" ? { a: [1, 2], b: "x" } : table, format, "t");
    const stored = await sealed({ ...encoded, dataVersion: "fp2_x" as never, createdAt: 0 } as never);
    const bytes = (stored as { bytes?: Uint8Array }).bytes;
    if (!bytes) return; // a value kept as data has no bytes to damage
    await fc.assert(
      fc.asyncProperty(damaged(bytes), async (body) => {
        failWith(await settlesCoded(() => decodeVerified({ ...(stored as object), bytes: body } as never)));
      }),
      fuzzParams(40),
    );
  });
});
