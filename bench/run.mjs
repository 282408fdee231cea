/**
 * `npm run bench -- --rows N [--json] [--reps R] [--nodes K] [--sweep] [--memory]`: SPEC.md §10 in headless
 * Chromium, through the app's engine worker and a real on-disk IndexedDB. Each figure is the
 * median of R repetitions (default 3), each on a fresh database.
 * `--memory` samples the renderers' resident memory (VmRSS) at one size, as `--sweep` does at each.
 * `npm run bench -- --ui [--loads L] [--rows N] [--only graph,run,large,chart]`: the page-level targets, in the built app (bench/ui.mjs).
 * `npm run bench -- --ui --pan [--loads L] [--profile]`: only the 500-node example's pan, L fresh pages.
 * `npm run bench -- --file <path> [--reps R]`: one's own file uploaded and run over (bench/file.mjs).
 * `npm run bench -- --upload <MB>`: a file of that size uploaded through the Files panel (bench/upload.mjs).
 * `--workers K`: each run may execute nodes on K compute workers at once (SPEC.md §13).
 * `--pair A,B`: each repetition runs the scenarios on A workers, then on B, back to back; prints
 *   both medians and the median of each repetition's B / A (this machine drifts by ±30% between
 *   sets run minutes apart, so sets run one after the other compare badly).
 * `--project`: the last repetition's runs scheduled again on 1, 2, 4 and 8 workers (bench/project.mjs).
 * `npm run bench -- --soak [--runs N] [--rows R]`: long use in one tab, with a second coming and going (bench/soak.mjs).
 */
import { toArrowIPC, table } from "arquero";
import { openBench, sampleMemory } from "./browser.mjs";
import { chainSource, dataflowSource, rawColumns, sqlDataflowSource, CITIES, COUNTRIES } from "./dataflow.mjs";
import { dataflowScenarios, chainScenarios } from "./scenarios.mjs";
import { printProjection } from "./project.mjs";
import { benchUi } from "./ui.mjs";
import { benchFile } from "./file.mjs";
import { benchUpload } from "./upload.mjs";
import { benchSoak } from "./soak.mjs";
import { benchSqlStart } from "./sqlStart.mjs";

function parseArgs(argv) {
  const args = { rows: 1_000_000, reps: 3, json: false, sweep: false, memory: false, nodes: 0, verbose: false, ui: false, loads: 5, profile: false, pan: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") args.json = true;
    else if (a === "--sweep") args.sweep = true;
    else if (a === "--memory") args.memory = true;
    else if (a === "--verbose") args.verbose = true;
    else if (a === "--ui") args.ui = true;
    else if (a === "--soak") args.soak = true;
    else if (a === "--sql") args.sql = true;
    else if (a === "--sql-start") args.sqlStart = true;
    else if (a === "--workers") args.workers = Number(argv[++i]);
    else if (a === "--pair") args.pair = argv[++i].split(",").map(Number);
    else if (a === "--runs") args.runs = Number(argv[++i]);
    else if (a === "--profile") args.profile = true;
    else if (a === "--project") args.project = true;
    else if (a === "--pan") args.pan = true;
    else if (a === "--only") args.only = argv[++i];
    else if (a === "--loads") args.loads = Number(argv[++i]);
    else if (a === "--rows") {
      args.rows = Number(argv[++i]);
      args.rowsGiven = true;
    }
    else if (a === "--file") args.file = argv[++i];
    else if (a === "--upload") args.upload = Number(argv[++i]);
    else if (a === "--reps") args.reps = Number(argv[++i]);
    else if (a === "--nodes") args.nodes = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (args.reps < 1 || !Number.isFinite(args.rows)) throw new Error("bad --reps or --rows");
  return args;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;
const mb = (bytes) => round(bytes / 2 ** 20);

/** Node durations per scenario (what the run record says), for `--verbose`. */
function printDetail(rep, detail, label = "") {
  for (const [scenario, run] of Object.entries(detail)) {
    const nodes = run.nodes.filter((n) => n.durationMs !== undefined).map((n) => `${n.name}=${round(n.durationMs)}`);
    console.log(`  rep ${rep}${label} ${scenario}: ${round(run.ms)} ms; ${nodes.join(" ")}`);
  }
}

/** Ratios of medians, so that they agree with the medians printed beside them. */
function withRatios(row) {
  const ratios = {};
  if (row.cold !== undefined) ratios.cold_over_no_cache = row.cold / row.no_cache;
  if (row.cold_durable !== undefined) ratios.cold_durable_over_no_cache = row.cold_durable / row.no_cache;
  if (row.warm !== undefined) ratios.warm_over_no_cache = row.warm / row.no_cache;
  if (row.code_edit_baseline) ratios.code_edit_over_baseline = row.code_edit / row.code_edit_baseline;
  if (row.input_change_baseline) ratios.input_change_over_baseline = row.input_change / row.input_change_baseline;
  return { ...row, ...Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Math.round(v * 1000) / 1000])) };
}

/** Runs `scenarios` `reps` times on fresh databases; returns the median of every figure. */
async function repeat(bench, reps, scenarios, withMemory, verbose, onDetail, label) {
  const figures = [];
  const versions = [];
  for (let rep = 0; rep < reps; rep++) {
    await bench.page.evaluate((path) => window.sluiceBench.useDatabase(path), `sluice-bench-${Date.now()}-${rep}`);
    const memory = withMemory ? sampleMemory(bench.profileDir) : undefined;
    const { detail, report_version, ...figure } = await scenarios(bench.page);
    // Every repetition computes the same report: a different version is a wrong figure.
    if (versions.length > 0 && versions[0] !== report_version) throw new Error(`report_version differs between repetitions: ${versions[0]} vs ${report_version}`);
    versions.push(report_version);
    if (verbose) printDetail(rep, detail, label);
    onDetail?.(detail);
    if (memory) {
      const { peak, start } = memory.stop();
      figure.peak_rss_mb = mb(peak);
      figure.rss_growth_mb = mb(peak - start);
    }
    await bench.page.evaluate(() => window.sluiceBench.clear());
    figures.push(figure);
  }
  const row = withRatios(Object.fromEntries(Object.keys(figures[0]).map((k) => [k, round(median(figures.map((f) => f[k])))])));
  return versions[0] === undefined ? row : { ...row, report_version: versions[0] };
}

/** The size of the data: raw_data as Arrow IPC bytes, the form the result store keeps. */
function dataBytes(rows) {
  return toArrowIPC(table(rawColumns(rows, CITIES, COUNTRIES)), { format: "stream" }).byteLength;
}

function printTable(title, row, reps) {
  console.log(`\n${title} (ms; median of ${reps} repetitions after one unmeasured warm-up pass, fresh database each)`);
  for (const [k, v] of Object.entries(row)) console.log(`  ${k.padEnd(26)} ${v}`);
}

/** `--pair A,B`: each repetition on A workers then on B; medians of each and of the repetitions' B / A. */
async function benchPair(bench, args, source) {
  const [a, b] = args.pair;
  const rows = { [a]: [], [b]: [] };
  for (let rep = 0; rep < args.reps; rep++) {
    for (const k of [a, b]) {
      await bench.page.evaluate((n) => window.sluiceBench.setWorkers(n), k);
      rows[k].push(await repeat(bench, 1, dataflowScenarios(source, args.rows), false, args.verbose, undefined, ` (${k} workers, pair ${rep})`));
    }
  }
  const scenarios = ["no_cache", "cold", "warm", "code_edit", "input_change"];
  const result = { rows: args.rows, pair: [a, b], reps: args.reps };
  for (const name of scenarios) {
    result[`${name}_${a}`] = round(median(rows[a].map((r) => r[name])));
    result[`${name}_${b}`] = round(median(rows[b].map((r) => r[name])));
    result[`${name}_ratio`] = Math.round(median(rows[a].map((r, i) => rows[b][i][name] / r[name])) * 1000) / 1000;
  }
  const versions = new Set([...rows[a], ...rows[b]].map((r) => r.report_version));
  if (versions.size !== 1) throw new Error(`report_version differs between ${a} and ${b} workers: ${[...versions].join(", ")}`);
  result.report_version = [...versions][0];
  if (args.json) console.log(JSON.stringify({ system: "sluice", ...result }));
  else printTable(`${args.rows} rows, ${a} then ${b} workers each repetition (ratio: median of ${b} / ${a})`, result, args.reps);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.ui) return void (await benchUi(args));
  if (args.sqlStart) return void (await benchSqlStart({ reps: args.reps, json: args.json }));
  if (args.file) return void (await benchFile({ file: args.file, reps: args.reps, sql: args.sql }));
  if (args.soak) return void (await benchSoak({ runs: args.runs, rows: args.rowsGiven ? args.rows : undefined, json: args.json }));
  if (args.upload) return void (await benchUpload({ mb: args.upload, json: args.json }));
  const bench = await openBench();
  try {
    if (args.workers > 1) await bench.page.evaluate((k) => window.sluiceBench.setWorkers(k), args.workers);
    if (!args.json) console.log(`Chromium ${bench.version}, node ${process.version}`);
    if (args.nodes > 0) {
      await repeat(bench, 1, chainScenarios(chainSource(args.nodes), args.nodes), false, false);
      const row = await repeat(bench, args.reps, chainScenarios(chainSource(args.nodes), args.nodes), false, args.verbose);
      if (args.json) console.log(JSON.stringify({ system: "sluice", nodes: args.nodes, ...row, reps: args.reps }));
      else printTable(`chain of ${args.nodes} scalar nodes`, row, args.reps);
      return;
    }
    // One unmeasured small pass first, so the first repetition doesn't also pay for the JIT.
    const source = args.sql ? sqlDataflowSource : dataflowSource;
    await repeat(bench, 1, dataflowScenarios(source, 10_000), false, false);
    if (args.pair) return void (await benchPair(bench, args, source));
    const sizes = args.sweep ? [10_000, 100_000, 1_000_000, 5_000_000] : [args.rows];
    for (const rows of sizes) {
      const memory = args.sweep || args.memory;
      let last;
      const row = await repeat(bench, args.reps, dataflowScenarios(source, rows), memory, args.verbose, (detail) => (last = detail));
      // The projection reads the §10 module's `export function`s: not the SQL one's `sql()` nodes.
      if (args.project && args.sql) console.log("  --project: the SQL dataflow is not projected (its sql() nodes run in the realm)");
      else if (args.project) printProjection(source(), rows, last);
      if (args.workers > 1) row.workers = args.workers;
      if (args.sql) row.engine = "sql";
      if (memory) {
        row.data_mb = mb(dataBytes(rows));
        row.peak_over_data = round(row.peak_rss_mb / row.data_mb);
        row.growth_over_data = round(row.rss_growth_mb / row.data_mb);
      }
      if (args.json) {
        const { no_cache, cold, warm, code_edit, input_change, ...extra } = row;
        console.log(JSON.stringify({ system: "sluice", rows, no_cache, cold, warm, code_edit, input_change, ...extra, reps: args.reps }));
      } else printTable(`${rows} rows`, row, args.reps);
    }
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
