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

export async function benchFile({ file, reps }) {
  const bytes = statSync(file).size;
  const name = basename(file);
  const bench = await openBench();
  try {
    // The page fetches the file from the bench server's origin, as a picked file would be read.
    await bench.page.route(`**${ROUTE}`, (route) => route.fulfill({ body: readFileSync(file), contentType: "application/octet-stream" }));
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
