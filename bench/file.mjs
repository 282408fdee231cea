/**
 * `npm run bench -- --file <path> [--reps R]`: anyone's own data through the app. The file is
 * uploaded through the app's engine worker (as the Files panel does), then a small dataflow
 * reads it with `files.read` and runs without the cache, cold, warm and after a code edit.
 * Prints one JSON line: times (ms, medians of R), the table's shape and peak memory (VmRSS of
 * the page and worker processes, as `--sweep` measures it).
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { openBench, sampleMemory } from "./browser.mjs";

const ROUTE = "/__bench_file";

/** A dataflow any table fits: the file, a per-column count of values, its first rows. */
function fileSource(name, headRows) {
  return `import * as aq from "arquero";
import { files } from "sluice";

export async function data() {
  return await files.read(${JSON.stringify(name)});
}

export function profile(data: aq.ColumnTable) {
  const counts = Object.fromEntries(data.columnNames().map((c) => [c, aq.op.valid(c)]));
  return data.rollup(counts);
}

export function head(data: aq.ColumnTable) {
  return data.slice(0, ${headRows});
}

export function shape(data: aq.ColumnTable, profile: aq.ColumnTable, head: aq.ColumnTable) {
  return { rows: data.numRows(), columns: data.numCols(), profiled: profile.numCols(), head: head.numRows() };
}
`;
}

function runIn(page, sources, cache) {
  return page.evaluate(([s, c]) => window.sluiceBench.run(s, ["shape"], {}, c), [sources, cache]);
}

/**
 * `--file <flights.parquet> --sql` (issue 23): one filtered group-by, as an Arquero node over the
 * table `files.read` gives and as a SQL node over the file by name, in one run. Each is timed by
 * its node's own duration: cold (DuckDB reads the file into a table of its own the first time),
 * and after an input change (the threshold), when both only aggregate again.
 */
function aggregateSource(name) {
  return `import * as aq from "arquero";
import { files, sql } from "sluice";

export async function data() {
  return await files.read(${JSON.stringify(name)});
}

export function by_carrier_arquero(data: aq.ColumnTable, min_distance: number) {
  return data
    .params({ min_distance })
    .filter((d, $) => !d.cancelled && d.distance >= $.min_distance)
    .groupby("carrier")
    .rollup({ flights: aq.op.count(), mean_delay: aq.op.mean("dep_delay"), worst: aq.op.max("arr_delay") })
    .orderby("carrier");
}

export const by_carrier_sql = sql((min_distance: number) => \`
  SELECT carrier, count(*) AS flights, avg(dep_delay) AS mean_delay, max(arr_delay) AS worst
  FROM '${name}'
  WHERE NOT cancelled AND distance >= $min_distance
  GROUP BY carrier ORDER BY carrier\`);

export function both(by_carrier_arquero: aq.ColumnTable, by_carrier_sql: aq.ColumnTable) {
  return { arquero: by_carrier_arquero.numRows(), sql: by_carrier_sql.numRows() };
}
`;
}

async function benchFileSql(bench, name, reps) {
  const run = (min) => bench.page.evaluate(([s, m]) => window.sluiceBench.run(s, ["both"], { min_distance: m }, true), [[aggregateSource(name)], min]);
  const own = (r, node) => r.nodes.find((n) => n.name === node)?.durationMs;
  const figures = [];
  for (let rep = 0; rep < reps; rep++) {
    await bench.page.evaluate((path) => window.sluiceBench.useDatabase(path), `sluice-bench-file-sql-${Date.now()}-${rep}`);
    await bench.page.evaluate(([route, n]) => window.sluiceBench.upload(route, n), [ROUTE, name]);
    const cold = await run(100);
    const changed = await run(500);
    for (const r of [cold, changed]) if (r.status !== "succeeded") throw new Error(`run ${r.status}: ${r.error}`);
    if (own(changed, "data") !== undefined && changed.nodes.find((n) => n.name === "data")?.status !== "cached") throw new Error("data should be a hit after the input change");
    figures.push({
      cold_arquero_ms: own(cold, "by_carrier_arquero"),
      cold_sql_ms: own(cold, "by_carrier_sql"),
      input_change_arquero_ms: own(changed, "by_carrier_arquero"),
      input_change_sql_ms: own(changed, "by_carrier_sql"),
      read_ms: own(cold, "data"),
    });
    await bench.page.evaluate(() => window.sluiceBench.clear());
  }
  const row = Object.fromEntries(Object.keys(figures[0]).map((k) => [k, round(median(figures.map((f) => f[k])))]));
  row.cold_speedup = round(row.cold_arquero_ms / row.cold_sql_ms);
  row.input_change_speedup = round(row.input_change_arquero_ms / row.input_change_sql_ms);
  return row;
}

function check(name, run, expectExecuted) {
  if (run.status !== "succeeded") throw new Error(`${name}: run ${run.status}: ${run.error}`);
  const executed = run.nodes.filter((n) => n.status === "executed").length;
  if (executed !== expectExecuted) throw new Error(`${name}: expected ${expectExecuted} executed nodes, got ${executed}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;
const mb = (bytes) => round(bytes / 2 ** 20);

export async function benchFile({ file, reps, sql = false }) {
  const bytes = statSync(file).size;
  const name = basename(file);
  const bench = await openBench();
  try {
    // The page fetches the file from the bench server's origin, as a picked file would be read.
    await bench.page.route(`**${ROUTE}`, (route) => route.fulfill({ body: readFileSync(file), contentType: "application/octet-stream" }));
    if (sql) {
      console.log(JSON.stringify({ system: "sluice", file: name, bytes, engine: "sql", ...(await benchFileSql(bench, name, reps)), reps }));
      return;
    }
    const figures = [];
    for (let rep = 0; rep < reps; rep++) {
      await bench.page.evaluate((path) => window.sluiceBench.useDatabase(path), `sluice-bench-file-${Date.now()}-${rep}`);
      const memory = sampleMemory(bench.profileDir);
      const upload = await bench.page.evaluate(([route, n]) => window.sluiceBench.upload(route, n), [ROUTE, name]);
      const original = fileSource(name, 100);
      const edited = fileSource(name, 101);
      const noCache = await runIn(bench.page, [original], false);
      check("no_cache", noCache, 4);
      const cold = await runIn(bench.page, [original], true);
      check("cold", cold, 4);
      const warm = await runIn(bench.page, [original], true);
      check("warm", warm, 0);
      const edit = await runIn(bench.page, [edited], true);
      // head's code changed: it runs again (and shape, when head's rows differ); data is read from the cache.
      if (edit.status !== "succeeded" || edit.nodes.find((n) => n.name === "data")?.status !== "cached") {
        throw new Error(`code_edit: expected data from the cache, got ${JSON.stringify(edit.nodes)}`);
      }
      const data = edit.nodes.find((n) => n.name === "data");
      const shape = await bench.page.evaluate(([r, v]) => window.sluiceBench.tableShape(r, "data", v), [edit.runId, data.dataVersion]);
      const { peak, start } = memory.stop();
      await bench.page.evaluate(() => window.sluiceBench.clear());
      const read = noCache.nodes.find((n) => n.name === "data")?.durationMs ?? 0;
      figures.push({ upload_ms: upload, read_ms: read, no_cache: noCache.ms, cold: cold.ms, warm: warm.ms, code_edit: edit.ms, cold_durable: cold.durableMs, code_edit_durable: edit.durableMs, peak_rss_mb: mb(peak), rss_growth_mb: mb(peak - start), ...shape });
    }
    const keys = Object.keys(figures[0]);
    const row = Object.fromEntries(keys.map((k) => [k, round(median(figures.map((f) => f[k])))]));
    row.cold_over_no_cache = Math.round((row.cold / row.no_cache) * 1000) / 1000;
    console.log(JSON.stringify({ system: "sluice", file: name, bytes, ...row, reps }));
  } finally {
    await bench.close();
  }
}
