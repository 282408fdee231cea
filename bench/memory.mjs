/**
 * Where the memory of the §10 sweep goes (issue 13): `node --experimental-websocket bench/memory.mjs
 * [--rows N] [--gc] [--workers K]`. Runs the sweep's scenarios (no cache, cold, warm, code edit, input change)
 * once on a fresh database and prints, per phase:
 * - each renderer process's peak VmRSS (sampled every 50 ms), above the idle tab's;
 * - each JavaScript realm's heap (CDP `Runtime.getHeapUsage`, sampled every 250 ms): V8's used and
 *   committed heap and the ArrayBuffer backing stores, at their peak and at the phase's end;
 * - with `--gc`, the same after a forced full GC at the phase's end (what is live, not garbage).
 *   A forced GC changes what later phases see, so peaks come from a run without `--gc`.
 * Realms are the page, the engine worker, the compute realm's iframe and its worker.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBench, rendererPids, rssBytes } from "./browser.mjs";
import { dataflowSource } from "./dataflow.mjs";

const args = { rows: 5_000_000, gc: false, workers: 1 };
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === "--rows") args.rows = Number(process.argv[++i]);
  else if (process.argv[i] === "--gc") args.gc = true;
  else if (process.argv[i] === "--workers") args.workers = Number(process.argv[++i]);
  else throw new Error(`unknown argument ${process.argv[i]}`);
}
const MB = 2 ** 20;
const mb = (bytes) => (bytes / MB).toFixed(1);

/** A flat-session CDP client on the browser's DevTools socket. */
async function connect(profileDir) {
  const [port, path] = readFileSync(join(profileDir, "DevToolsActivePort"), "utf8").split("\n");
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise((resolve, reject) => ((socket.onopen = resolve), (socket.onerror = reject)));
  let next = 0;
  const waiting = new Map();
  const listeners = [];
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.id !== undefined) {
      const w = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) w?.reject(new Error(`${w.method}: ${message.error.message}`));
      else w?.resolve(message.result);
    } else for (const listener of listeners) listener(message);
  };
  return {
    send(method, params = {}, sessionId) {
      const id = ++next;
      socket.send(JSON.stringify({ id, method, params, sessionId }));
      return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
    },
    on(listener) {
      listeners.push(listener);
    },
    close: () => socket.close(),
  };
}

/** Attaches to the page and, recursively, to its frames and workers; returns label -> session. */
async function attachRealms(cdp) {
  const realms = new Map();
  const autoAttach = (sessionId) => cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);
  cdp.on((message) => {
    if (message.method !== "Target.attachedToTarget") return;
    const { sessionId, targetInfo } = message.params;
    const kind =
      targetInfo.type === "iframe" ? "realm frame"
      : targetInfo.type === "worker" && targetInfo.url.startsWith("blob:") ? "realm worker"
      : targetInfo.type === "worker" ? "engine worker"
      : `${targetInfo.type} ${targetInfo.url}`;
    // The compute realm's worker, then its pool workers (`--workers K`), as they start: numbered.
    let label = kind;
    for (let i = 2; realms.has(label); i++) label = `${kind} ${i}`;
    realms.set(label, sessionId);
    void autoAttach(sessionId).catch(() => undefined);
  });
  const { targetInfos } = await cdp.send("Target.getTargets");
  const page = targetInfos.find((t) => t.type === "page" && t.url.startsWith("http://127.0.0.1"));
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: page.targetId, flatten: true });
  realms.set("page", sessionId);
  await autoAttach(sessionId);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return realms;
}

async function heaps(cdp, realms) {
  const out = {};
  await Promise.all(
    [...realms].map(async ([label, sessionId]) => {
      try {
        const u = await cdp.send("Runtime.getHeapUsage", {}, sessionId);
        out[label] = { used: u.usedSize, committed: u.totalSize, buffers: u.backingStorageSize ?? 0 };
      } catch {
        // a realm that went away
      }
    }),
  );
  return out;
}

const CUTOFF = "2024-09-05";
const NEW_CUTOFF = "2024-09-10";

async function main() {
  const bench = await openBench(["--remote-debugging-port=0"]);
  const cdp = await connect(bench.profileDir);
  try {
    const realms = await attachRealms(cdp);
    const run = (source, inputs, cache) => bench.page.evaluate(([s, i, c]) => window.sluiceBench.run([s], ["report"], i, c), [source, inputs, cache]);
    const inputs = { n_rows: args.rows, cutoff_date: CUTOFF };
    // The JIT warm-up pass run.mjs makes, then the idle baseline.
    await bench.page.evaluate((k) => window.sluiceBench.setWorkers(k), args.workers);
    await bench.page.evaluate((path) => window.sluiceBench.useDatabase(path), `warmup-${Date.now()}`);
    for (const cache of [false, true]) await run(dataflowSource(0.73), { ...inputs, n_rows: 10_000 }, cache);
    await bench.page.evaluate(() => window.sluiceBench.clear());
    await bench.page.evaluate((path) => window.sluiceBench.useDatabase(path), `memory-${Date.now()}`);
    const pids = rendererPids(bench.profileDir).sort((a, b) => a - b);
    const idle = Object.fromEntries(pids.map((pid) => [pid, rssBytes(pid)]));
    const idleHeaps = await heaps(cdp, realms);
    console.log(`rows ${args.rows}; renderers (by start): ${pids.map((p) => `${p} idle ${mb(idle[p])} MB`).join(", ")}`);
    console.log(`realms: ${[...realms.keys()].join(", ")}`);
    for (const [label, h] of Object.entries(idleHeaps)) console.log(`  idle ${label}: used ${mb(h.used)} committed ${mb(h.committed)} buffers ${mb(h.buffers)}`);

    const phases = [
      ["no_cache", dataflowSource(0.73), inputs, false],
      ["cold", dataflowSource(0.73), inputs, true],
      ["warm", dataflowSource(0.73), inputs, true],
      ["code_edit", dataflowSource(0.71), inputs, true],
      ["input_change", dataflowSource(0.73), { ...inputs, cutoff_date: NEW_CUTOFF }, true],
    ];
    let overallPeak = 0;
    const idleTotal = pids.reduce((s, p) => s + idle[p], 0);
    for (const [name, source, phaseInputs, cache] of phases) {
      const peakRss = Object.fromEntries(pids.map((p) => [p, 0]));
      let peakTotal = 0;
      const rssTimer = setInterval(() => {
        let total = 0;
        for (const p of pids) {
          const r = rssBytes(p);
          total += r;
          peakRss[p] = Math.max(peakRss[p], r);
        }
        peakTotal = Math.max(peakTotal, total);
      }, 50);
      const peakHeap = {};
      let sampling = true;
      const heapLoop = (async () => {
        while (sampling) {
          const now = await heaps(cdp, realms);
          for (const [label, h] of Object.entries(now)) {
            const p = (peakHeap[label] ??= { used: 0, committed: 0, buffers: 0, sum: 0 });
            p.used = Math.max(p.used, h.used);
            p.committed = Math.max(p.committed, h.committed);
            p.buffers = Math.max(p.buffers, h.buffers);
            p.sum = Math.max(p.sum, h.committed + h.buffers);
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();
      const started = Date.now();
      const result = await run(source, phaseInputs, cache);
      sampling = false;
      await heapLoop;
      clearInterval(rssTimer);
      overallPeak = Math.max(overallPeak, peakTotal);
      const end = await heaps(cdp, realms);
      const endRss = pids.map((p) => rssBytes(p));
      console.log(`\n${name} (${result.status}, ${Date.now() - started} ms): peak RSS ${mb(peakTotal)} MB, growth ${mb(peakTotal - idleTotal)} MB`);
      console.log(`  per process peak (growth): ${pids.map((p) => `${p} ${mb(peakRss[p])} (+${mb(peakRss[p] - idle[p])})`).join(", ")}; at end: ${endRss.map(mb).join(", ")}`);
      for (const [label, p] of Object.entries(peakHeap)) {
        const e = end[label] ?? { used: 0, committed: 0, buffers: 0 };
        console.log(`  ${label.padEnd(14)} peak used ${mb(p.used)} committed ${mb(p.committed)} buffers ${mb(p.buffers)} (committed+buffers ${mb(p.sum)}); end used ${mb(e.used)} committed ${mb(e.committed)} buffers ${mb(e.buffers)}`);
      }
      if (args.gc) {
        await Promise.all([...realms.values()].map((s) => cdp.send("HeapProfiler.collectGarbage", {}, s).catch(() => undefined)));
        const live = await heaps(cdp, realms);
        console.log(`  after full GC: RSS ${pids.map((p) => mb(rssBytes(p))).join(", ")}`);
        for (const [label, h] of Object.entries(live)) console.log(`  ${label.padEnd(14)} live used ${mb(h.used)} committed ${mb(h.committed)} buffers ${mb(h.buffers)}`);
      }
    }
    console.log(`\nsweep peak RSS ${mb(overallPeak)} MB, growth ${mb(overallPeak - idleTotal)} MB`);
  } finally {
    cdp.close();
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
