/**
 * The cost of integrity on read for the benchmark's 1M-row `raw_data` (docs/BENCHMARKS.md):
 * `npx vitest bench --run src/engine/stores/integrity.bench.ts`. The check hashes the stored
 * Arrow bytes once (fp2: their checksum; fp1: their data version); the read it guards decodes
 * them (lazily: Arrow columns are views).
 */
import { bench, describe } from "vitest";
import { table } from "arquero";
// @ts-expect-error the benchmark's plain JS module
import { rawColumns, CITIES, COUNTRIES } from "../../../bench/dataflow.mjs";
import { decodeResult } from "../formats";
import { tableToIpcStream } from "../formats/arrow";
import { nodeSubject } from "../formats/errors";
import { ipcTableVersion } from "../versioning/fp1";
import { checksumOf } from "./integrity";

const ipc = tableToIpcStream(table(rawColumns(1_000_000, CITIES, COUNTRIES)), nodeSubject("raw_data"));
const stored = { format: "native" as const, kind: "table" as const, bytes: ipc };
const report = { total: 123456.78, countries: { USA: 1, Canada: 2, Mexico: 3, Brazil: 4 }, stats: Array.from({ length: 20 }, (_, k) => k * 1.5) };

describe(`1M-row raw_data (${(ipc.byteLength / 2 ** 20).toFixed(1)} MB of Arrow IPC)`, () => {
  bench("decode (the read itself)", async () => {
    await decodeResult(stored);
  });
  bench("check (fp2): checksum of the bytes", async () => {
    await checksumOf({ bytes: ipc });
  });
  bench("check (fp1): data version of the bytes", async () => {
    await ipcTableVersion(ipc);
  });
});

describe("a small structured value (report)", () => {
  bench("check: checksum of its data", async () => {
    await checksumOf({ data: report });
  });
});
