/**
 * `node bench/timeline.mjs [--rows N] [--nodes K] [--scenario no_cache|cold|warm|code_edit] [--workers K] [--samples] [--pre-edit] [--again]`: a Chrome
 * trace of one run across every thread (page, engine worker, compute realm, IndexedDB), printed
 * as a timeline: each thread's tasks and what ran in them, relative to the page posting the run.
 * Writes the raw trace to bench/.out/<scenario>.trace.json (open it in chrome://tracing or
 * Perfetto). `performance.mark`s named `sluice:*` in any thread show up as points on the timeline.
 * `EXTRA_CATS=mojom,ipc,blink,v8` adds trace categories (how the post of a message was split up).
 */
import { writeFileSync } from "node:fs";
import { openBench } from "./browser.mjs";
import { chainSource, dataflowSource } from "./dataflow.mjs";

process.env.SLUICE_BENCH_MINIFY = "0";
const args = { rows: 10_000, scenario: "cold", nodes: 0, samples: false, detail: false, min: 0.3, workers: 1 };
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i].replace(/^--/, "");
  if (key === "samples" || key === "detail" || key === "pre-edit" || key === "again") args[key] = true;
  else args[key] = process.argv[++i];
}

const CATEGORIES = [
  "blink.user_timing",
  "toplevel",
  "IndexedDB",
  ...(args.detail ? ["devtools.timeline", "v8.execute"] : []),
  ...(args.samples ? ["disabled-by-default-v8.cpu_profiler"] : []),
  ...(process.env.EXTRA_CATS ? process.env.EXTRA_CATS.split(",") : []),
];

async function trace(page, body) {
  const session = await page.context().newCDPSession(page);
  const events = [];
  session.on("Tracing.dataCollected", (e) => events.push(...e.value));
  const done = new Promise((resolve) => session.once("Tracing.tracingComplete", resolve));
  await session.send("Tracing.start", { traceConfig: { includedCategories: CATEGORIES, recordMode: "recordAsMuchAsPossible" }, transferMode: "ReportEvents" });
  const result = await body();
  await session.send("Tracing.end");
  await done;
  await session.detach();
  return { events, result };
}

/** Threads by name, from the trace's metadata events. */
function threadNames(events) {
  const names = new Map();
  const procs = new Map();
  for (const e of events) {
    if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
    if (e.ph === "M" && e.name === "process_name") procs.set(e.pid, e.args.name);
  }
  return (e) => `${procs.get(e.pid) ?? e.pid}/${names.get(`${e.pid}:${e.tid}`) ?? "?"}#${e.tid}`;
}

function summarize(events, from, to) {
  const name = threadNames(events);
  const inWindow = events.filter((e) => e.ts >= from && e.ts <= to && (e.ph === "X" || e.ph === "I" || e.ph === "R" || e.ph === "n" || e.ph === "B" || e.ph === "b"));
  const rel = (ts) => ((ts - from) / 1000).toFixed(2).padStart(8);
  const byThread = new Map();
  for (const e of inWindow) {
    const t = name(e);
    if (!byThread.has(t)) byThread.set(t, []);
    byThread.get(t).push(e);
  }
  for (const [thread, list] of byThread) {
    const tasks = list.filter((e) => e.ph === "X" && (e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask"));
    const busy = tasks.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
    const onCpu = tasks.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000;
    if (busy < Number(args.min) && !list.some((e) => e.name.startsWith("sluice:"))) continue;
    console.log(`\n== ${thread}: ${tasks.length} tasks, ${busy.toFixed(2)} ms busy, ${onCpu.toFixed(2)} ms on CPU`);
    list.sort((a, b) => a.ts - b.ts);
    // Thread CPU time (`tdur`, and `tts` on marks): on a busy machine wall time is mostly waiting.
    const cpu = (e) => (e.tdur !== undefined ? `, cpu ${(e.tdur / 1000).toFixed(2)}` : "");
    let lastMark;
    const sinceMark = (e) => {
      const text = lastMark?.tts !== undefined && e.tts !== undefined ? ` (cpu since last mark ${((e.tts - lastMark.tts) / 1000).toFixed(2)} ms)` : "";
      lastMark = e;
      return text;
    };
    for (const e of list) {
      const dur = (e.dur ?? 0) / 1000;
      const isTask = e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask";
      const mark = e.name.startsWith("sluice:") || e.cat?.includes("user_timing");
      const interesting = mark || (!isTask && dur >= Number(args.min) && !/^(ThreadControllerImpl|RunTask|TaskAnnotator)/.test(e.name));
      if (isTask && dur >= Number(args.min)) console.log(`${rel(e.ts)}  task ${dur.toFixed(2)} ms${cpu(e)}`);
      else if (interesting) {
        const detail = e.args?.data?.functionName || e.args?.data?.url?.split("/").pop() || e.args?.data?.type || "";
        console.log(`${rel(e.ts)}     ${e.name}${detail ? ` (${detail})` : ""} ${dur ? dur.toFixed(2) + " ms" + cpu(e) : ""}${mark ? sinceMark(e) : ""}`);
      }
    }
  }
}

/**
 * V8 samples from the trace ("Profile"/"ProfileChunk" events, one profile per thread), cut into
 * windows between consecutive `sluice:*` marks of that thread: the top functions by self time in each.
 */
function samplesByWindow(events, from) {
  const name = threadNames(events);
  const profiles = new Map();
  for (const e of events) {
    if (e.name === "Profile") profiles.set(`${e.pid}:${e.id}`, { thread: name(e), start: e.args.data.startTime, nodes: new Map(), samples: [], tid: e.tid, pid: e.pid });
    if (e.name !== "ProfileChunk") continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const data = e.args.data.cpuProfile ?? {};
    for (const n of data.nodes ?? []) p.nodes.set(n.id, n);
    let t = p.last ?? p.start;
    const deltas = e.args.data.timeDeltas ?? [];
    (data.samples ?? []).forEach((id, i) => {
      t += deltas[i] ?? 0;
      p.samples.push({ id, t });
    });
    p.last = t;
  }
  for (const p of profiles.values()) {
    const marks = events.filter((e) => e.pid === p.pid && e.tid === p.tid && e.name.startsWith("sluice:")).sort((a, b) => a.ts - b.ts);
    if (marks.length === 0) continue;
    console.log(`\n== samples, ${p.thread}`);
    const edges = [{ ts: marks[0].ts - 50_000, name: "(before)" }, ...marks];
    for (let w = 0; w < edges.length; w++) {
      const lo = edges[w].ts, hi = w + 1 < edges.length ? edges[w + 1].ts : lo + 50_000;
      const self = new Map();
      let total = 0;
      let prev;
      for (const s of p.samples) {
        if (s.t < lo || s.t >= hi) { prev = s; continue; }
        const dt = prev ? s.t - prev.t : 0;
        prev = s;
        const f = p.nodes.get(s.id)?.callFrame;
        if (!f || f.functionName === "(idle)" || f.functionName === "(program)") continue;
        const key = `${f.functionName || "(anon)"} ${(f.url ?? "").split("/").pop()}:${(f.lineNumber ?? 0) + 1}`;
        self.set(key, (self.get(key) ?? 0) + dt / 1000);
        total += dt / 1000;
      }
      if (total < Number(args.min)) continue;
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${ms.toFixed(1)} ${k}`);
      console.log(`${((lo - from) / 1000).toFixed(2).padStart(8)} after ${edges[w].name}: ${total.toFixed(1)} ms busy; ${top.join(" | ")}`);
    }
  }
}

const bench = await openBench();
try {
  const chain = Number(args.nodes) > 0;
  const source = chain ? chainSource(Number(args.nodes)) : dataflowSource(0.73);
  const outputs = chain ? [`n_${Number(args.nodes) - 1}`] : ["report"];
  const inputs = chain ? { seed: 1 } : { n_rows: Number(args.rows), cutoff_date: "2024-09-05" };
  const edited = chain ? source : dataflowSource(0.71);
  await bench.page.evaluate((k) => window.sluiceBench.setWorkers(k), Number(args.workers));
  const run = (s = source, cache = true) =>
    bench.page.evaluate(async ([s, o, i, c]) => {
      performance.mark("sluice:page-post");
      const t0 = performance.timeOrigin + performance.now();
      const r = await window.sluiceBench.run([s], o, i, c);
      performance.mark("sluice:page-answer");
      return { ...r, t0 };
    }, [s, outputs, inputs, cache]);
  // JIT warm-up on one database, then the measured scenario on a fresh one.
  await bench.page.evaluate(() => window.sluiceBench.useDatabase(`warmup-${Date.now()}`));
  await run();
  await run();
  await bench.page.evaluate(() => window.sluiceBench.useDatabase(`timeline-${Date.now()}`));
  if (args.scenario === "warm" || args.scenario === "code_edit") await run();
  // `--pre-edit`: one code edit before the traced one, so that what a first edit sends the workers (a stored table they then keep) is sent already.
  if (args.scenario === "code_edit" && args["pre-edit"]) await run(dataflowSource(0.72));
  // `--again`: the traced run once before, untraced, so that what a run learns of its nodes (where each is worth running) is learned.
  const traced = () => run(args.scenario === "code_edit" ? edited : source, args.scenario !== "no_cache");
  if (args.again && args.scenario === "no_cache") await traced();
  if (process.env.ONE_FIRST) { await bench.page.evaluate(() => window.sluiceBench.setWorkers(1)); await run(source, false); await run(); await bench.page.evaluate((k) => window.sluiceBench.setWorkers(k), Number(args.workers)); }
  const { events, result } = await trace(bench.page, traced);
  console.log(`${args.scenario}: ${result.ms.toFixed(1)} ms (${result.status})`);
  writeFileSync(new URL(`./.out/${args.scenario}.trace.json`, import.meta.url), JSON.stringify({ traceEvents: events }));
  const post = events.find((e) => e.name === "sluice:page-post");
  const answer = events.find((e) => e.name === "sluice:page-answer");
  if (!post || !answer) throw new Error("marks not in the trace");
  summarize(events, post.ts - 500, answer.ts + 2000);
  if (args.samples) samplesByWindow(events, post.ts - 500);
} finally {
  await bench.close();
}
