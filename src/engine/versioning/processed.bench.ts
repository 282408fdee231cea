/**
 * Where the realm's time goes after the benchmark's `processed_data` runs at 1M rows over a
 * `raw_data` read back from the store (the code-edit scenario, docs/BENCHMARKS.md):
 * `npx vitest bench --run src/engine/versioning/processed.bench.ts`.
 */
import { bench, describe } from "vitest";
import { table, fromArrow } from "arquero";
// @ts-expect-error the benchmark's plain JS module
import { rawColumns, CITIES, COUNTRIES } from "../../../bench/dataflow.mjs";
import { tableToIpcStream } from "../formats/arrow";
import { nodeSubject } from "../formats/errors";
import { schemaOf } from "../formats/table";
import { fingerprint } from "./fingerprint";

type Row = { date: string; country: string; amount: number };
const raw = fromArrow(tableToIpcStream(table(rawColumns(1_000_000, CITIES, COUNTRIES)), nodeSubject("raw_data")));
const processed = raw
  .params({ cutoff_date: "2024-09-03" })
  .filter((d: Row, $: { cutoff_date: string }) => d.date > $.cutoff_date)
  .derive({ amount_in_usd: (d: Row) => (d.country === "Canada" ? d.amount * 0.71 : d.country === "Brazil" ? d.amount * 0.18 : d.country === "Mexico" ? d.amount * 0.05 : d.amount) });
const only = (name: string) => processed.select(name);

describe("processed_data over an Arrow-read raw_data, 1M rows", () => {
  bench("fingerprint", async () => { await fingerprint(processed); }, { iterations: 5 });
  for (const name of processed.columnNames()) bench(`fingerprint ${name}`, async () => { await fingerprint(only(name)); }, { iterations: 5 });
  bench("encode", () => { tableToIpcStream(processed, nodeSubject("processed_data")); }, { iterations: 5 });
  for (const name of processed.columnNames()) bench(`encode ${name}`, () => { tableToIpcStream(only(name), nodeSubject("processed_data")); }, { iterations: 5 });
  bench("schemaOf", () => { schemaOf(processed); }, { iterations: 5 });
});
