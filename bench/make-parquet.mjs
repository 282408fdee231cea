/**
 * `node bench/make-parquet.mjs <rows> <out.parquet> [zstd|snappy|gzip]`: a flights-like Parquet
 * file written by arrow-rs (parquet-wasm, a dev dependency), i.e. by a mainstream writer and not
 * by Sluice, for `npm run bench -- --file`. Values come from a fixed-seed generator, so a file
 * of the same size is the same file everywhere.
 */
import { writeFileSync } from "node:fs";
import { tableFromArrays, tableToIPC, timestamp, TimeUnit } from "@uwdata/flechette";
import * as pw from "parquet-wasm/node";

const [rowsArg, out, codec = "zstd"] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!out || !Number.isInteger(rows) || rows < 1) throw new Error("usage: node bench/make-parquet.mjs <rows> <out.parquet> [zstd|snappy|gzip]");

let seed = 42;
const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(random() * list.length)];
const carriers = ["AA", "DL", "UA", "WN", "B6", "AS", "NK", "F9", "HA", "G4", "OO", "YX", "MQ", "9E"];
const airports = Array.from({ length: 350 }, (_, i) => String.fromCharCode(65 + (i % 26), 65 + ((i * 7) % 26), 65 + ((i * 11) % 26)));
const start = Date.UTC(2024, 0, 1);

const columns = { flight_date: [], carrier: [], flight_number: [], origin: [], dest: [], dep_delay: [], arr_delay: [], distance: [], cancelled: [] };
for (let i = 0; i < rows; i++) {
  const carrier = pick(carriers);
  const cancelled = random() < 0.02;
  const delay = cancelled ? null : Math.round(-10 + 60 * -Math.log(1 - random()) * (random() < 0.7 ? 0.2 : 1));
  columns.flight_date.push(start + Math.floor(random() * 366) * 86_400_000 + Math.floor(random() * 1440) * 60_000);
  columns.carrier.push(carrier);
  columns.flight_number.push(`${carrier}${1 + Math.floor(random() * 4000)}`);
  columns.origin.push(pick(airports));
  columns.dest.push(pick(airports));
  columns.dep_delay.push(delay);
  columns.arr_delay.push(delay === null ? null : delay + Math.round((random() - 0.5) * 30));
  columns.distance.push(80 + Math.floor(random() * 2700));
  columns.cancelled.push(cancelled);
}
const arrow = tableFromArrays(columns, { types: { flight_date: timestamp(TimeUnit.MICROSECOND) } });
const compression = { zstd: pw.Compression.ZSTD, snappy: pw.Compression.SNAPPY, gzip: pw.Compression.GZIP }[codec];
const props = new pw.WriterPropertiesBuilder().setCompression(compression).build();
writeFileSync(out, pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(arrow, { format: "stream" })), props));
