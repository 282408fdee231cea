/**
 * `node bench/warm-cpu.mjs [--runs N] [--rows R] [--scenario warm|cold]`: CPU time per run, thread
 * by thread, of N runs of the SPEC.md §10 dataflow (default: N = 40 warm runs at 10k rows), read
 * from the kernel's per-thread counters (/proc/<pid>/task/<tid>/schedstat) of every process of the
 * bench's browser. On a shared machine wall time is mostly waiting for a core; CPU time is what a
 * thread itself spent. An idle stretch of the same length is measured first and subtracted, so
 * timers and housekeeping that run anyway are not counted. Threads are named by `comm`; the two
 * `DedicatedWorker` threads are the engine worker (in the page's renderer, "page") and the compute
 * realm (in its sandboxed frame's renderer, "realm").
 */
import { readFileSync, readdirSync } from "node:fs";
import { openBench } from "./browser.mjs";
import { dataflowSource } from "./dataflow.mjs";

const args = { runs: 40, rows: 10_000, scenario: "warm" };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const N = Number(args.runs);

function profilePids(profileDir) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes(profileDir)) pids.push({ pid: Number(entry), type: /--type=([a-z-]+)/.exec(cmd)?.[1] ?? "browser" });
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

/** ns on CPU of every thread of `pids`, by `type/comm#tid`. */
function cpuByThread(pids) {
  const out = new Map();
  for (const { pid, type } of pids) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
        const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
        out.set(`${type}:${pid}/${comm}#${tid}`, ns);
      } catch {
        // ended meanwhile
      }
    }
  }
  return out;
}

const diff = (after, before) => new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uptime = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

const bench = await openBench();
try {
  const { page, profileDir } = bench;
  const inputs = { n_rows: Number(args.rows), cutoff_date: "2024-09-05" };
  const cold = args.scenario === "cold";
  const run = () => page.evaluate(([s, i]) => window.sluiceBench.run(s, ["report"], i, true), [[dataflowSource(0.73)], inputs]);
  const fresh = (p) => page.evaluate((path) => window.sluiceBench.useDatabase(path), p);
  await fresh(`cpu-warmup-${Date.now()}`);
  for (let k = 0; k < 3; k++) await run(); // JIT
  await fresh(`cpu-${Date.now()}`);
  if (!cold) await run();
  await sleep(500);
  const pids = profilePids(profileDir);
  const ms = [];
  const durable = [];
  const t0 = performance.now();
  const before = cpuByThread(pids);
  for (let k = 0; k < N; k++) {
    if (cold) await fresh(`cpu-cold-${Date.now()}-${k}`);
    const r = await run();
    const executed = r.nodes.filter((n) => n.status === "executed").length;
    if (r.status !== "succeeded" || executed !== (cold ? 24 : 0)) throw new Error(`not a ${args.scenario} run: ${r.status}, ${executed} executed`);
    ms.push(r.ms);
    durable.push(r.durableMs);
  }
  const running = diff(cpuByThread(pids), before);
  const wall = performance.now() - t0;
  const idleStart = cpuByThread(pids);
  await sleep(wall);
  const idle = diff(cpuByThread(pids), idleStart);
  // The page's renderer (its main thread runs the page) also hosts the engine worker; the compute
  // realm's sandboxed frame has a renderer of its own.
  const mains = [...running].filter(([k]) => /^renderer:\d+\/chromium#/.test(k)).sort((a, b) => b[1] - a[1]);
  const pagePid = mains[0]?.[0].split(/[:/]/)[1];
  const role = (k) => (k.startsWith("renderer:") ? (k.split(/[:/]/)[1] === pagePid ? "page " : "realm ") : "") + k;
  const rows = [...running]
    .map(([k, ns]) => [role(k), (ns - (idle.get(k) ?? 0)) / 1e6 / N, ns / 1e6 / N])
    .filter(([, , raw]) => raw >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.floor(f * (xs.length - 1))].toFixed(2);
  console.log(`${N} ${args.scenario} runs at ${args.rows} rows; load ${uptime()}`);
  console.log(`answer ms: min ${q(ms, 0)} p25 ${q(ms, 0.25)} median ${q(ms, 0.5)} p75 ${q(ms, 0.75)}; durable median ${q(durable, 0.5)}`);
  console.log("CPU ms per run (minus an idle stretch of the same length), raw in brackets:");
  let total = 0;
  for (const [k, net, raw] of rows) {
    total += net;
    console.log(`${net.toFixed(2).padStart(8)} (${raw.toFixed(2)})  ${k}`);
  }
  console.log(`${total.toFixed(2).padStart(8)}  total`);
} finally {
  await bench.close();
}
