/**
 * `node bench/profile.mjs --rows N [--scenario cold] [--nodes K] [--repeat R]`: a CPU profile of the engine
 * worker and the compute realm's worker during one scenario (CDP Profiler, attached through the
 * page's target), printed as the top functions by self time. Writes the raw profiles to bench/.out/.
 */
import { writeFileSync } from "node:fs";
import { openBench } from "./browser.mjs";
import { chainSource, dataflowSource } from "./dataflow.mjs";
import { printProfile } from "./cpuprofile.mjs";

process.env.SLUICE_BENCH_MINIFY = "0";
const args = { rows: 1_000_000, scenario: "cold", nodes: 0, repeat: 1 };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];

/**
 * Talks to the page's workers through the page session (non-flat target messages): the engine
 * worker (stores) and the compute realm's worker (node code, fingerprints, encoding), which lives
 * in a sandboxed iframe (its own target) and starts with the first run. Targets are reached by
 * their path of session ids; iframes are asked to auto-attach their own workers.
 */
async function attachWorkers(page) {
  const root = await page.context().newCDPSession(page);
  const replies = new Map();
  const workers = [];
  let nextId = 1;
  const send = (path, method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      replies.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      let message = JSON.stringify({ id, method, params });
      for (let i = path.length - 1; i >= 1; i--) message = JSON.stringify({ id: nextId++, method: "Target.sendMessageToTarget", params: { sessionId: path[i], message } });
      void root.send("Target.sendMessageToTarget", { sessionId: path[0], message });
    });
  const attached = (path, info) => {
    if (info.type === "worker") workers.push({ path, url: info.url });
    else if (info.type === "iframe") void send(path, "Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  };
  const received = (path, message) => {
    if (message.id !== undefined) replies.get(message.id)?.(message);
    else if (message.method === "Target.attachedToTarget") attached([...path, message.params.sessionId], message.params.targetInfo);
    else if (message.method === "Target.receivedMessageFromTarget") received([...path, message.params.sessionId], JSON.parse(message.params.message));
  };
  root.on("Target.receivedMessageFromTarget", (e) => received([e.sessionId], JSON.parse(e.message)));
  root.on("Target.attachedToTarget", (e) => attached([e.sessionId], e.targetInfo));
  await root.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return { workers, send };
}

const bench = await openBench();
try {
  const { workers, send } = await attachWorkers(bench.page);
  const chain = Number(args.nodes) > 0;
  const source = chain ? chainSource(Number(args.nodes)) : dataflowSource(0.73);
  const outputs = chain ? [`n_${Number(args.nodes) - 1}`] : ["report"];
  const inputs = chain ? { seed: 1 } : { n_rows: Number(args.rows), cutoff_date: "2024-09-05" };
  const run = (src, inp, cache) => bench.page.evaluate(([s, o, i, c]) => window.sluiceBench.run([s], o, i, c), [src, outputs, inp, cache]);
  await bench.page.evaluate(() => window.sluiceBench.useDatabase(`profile-${Date.now()}`));
  const order = ["no_cache", "cold", "warm", "code_edit", "input_change"];
  for (const scenario of order.slice(0, order.indexOf(args.scenario) + 1)) {
    const profiling = scenario === args.scenario;
    const profiled = profiling ? [...workers] : [];
    for (const w of profiled) {
      await send(w.path, "Profiler.enable");
      await send(w.path, "Profiler.setSamplingInterval", { interval: 200 });
      await send(w.path, "Profiler.start");
    }
    const src = scenario === "code_edit" && !chain ? dataflowSource(0.71) : source;
    const inp = scenario === "input_change" && !chain ? { ...inputs, cutoff_date: "2024-09-10" } : inputs;
    // `--repeat N` (warm only: every repetition must be the same run): N runs in one profile.
    const times = profiling && scenario === "warm" ? Number(args.repeat) : 1;
    for (let k = 0; k < times; k++) {
      const result = await run(src, inp, scenario !== "no_cache");
      if (k === 0 || k === times - 1) console.log(`${scenario}: ${Math.round(result.ms)} ms (${result.status})`);
    }
    if (times > 1) console.log(`(${times} runs profiled: divide the figures below by ${times})`);
    for (const [i, w] of profiled.entries()) {
      const { profile } = await send(w.path, "Profiler.stop");
      writeFileSync(new URL(`./.out/${scenario}-${i}.cpuprofile`, import.meta.url), JSON.stringify(profile));
      console.log(`\n== worker ${i}: ${w.url.split("/").pop()}`);
      printProfile(profile);
    }
  }
} finally {
  await bench.close();
}
