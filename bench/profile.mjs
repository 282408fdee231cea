/**
 * `node bench/profile.mjs --rows N [--scenario cold] [--nodes K]`: a CPU profile of the engine
 * worker during one scenario (CDP Profiler, attached to the worker through the page's target),
 * printed as the top functions by self time. Writes the raw profile to bench/.out/.
 */
import { writeFileSync } from "node:fs";
import { openBench } from "./browser.mjs";
import { chainSource, dataflowSource } from "./dataflow.mjs";
import { printProfile } from "./cpuprofile.mjs";

process.env.SLUICE_BENCH_MINIFY = "0";
const args = { rows: 1_000_000, scenario: "cold", nodes: 0 };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];

/** Talks to the dedicated worker through the page session (non-flat target messages). */
async function attachWorker(page) {
  const session = await page.context().newCDPSession(page);
  const replies = new Map();
  let nextId = 1;
  let sessionId;
  session.on("Target.receivedMessageFromTarget", (event) => {
    const message = JSON.parse(event.message);
    replies.get(message.id)?.(message);
  });
  const attached = new Promise((resolve) => session.on("Target.attachedToTarget", (e) => e.targetInfo.type === "worker" && resolve(e.sessionId)));
  await session.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  sessionId = await attached;
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      replies.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      void session.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) });
    });
}

const bench = await openBench();
try {
  const send = await attachWorker(bench.page);
  const chain = Number(args.nodes) > 0;
  const source = chain ? chainSource(Number(args.nodes)) : dataflowSource(0.73);
  const outputs = chain ? [`n_${Number(args.nodes) - 1}`] : ["report"];
  const inputs = chain ? { seed: 1 } : { n_rows: Number(args.rows), cutoff_date: "2024-09-05" };
  const run = (src, inp, cache) => bench.page.evaluate(([s, o, i, c]) => window.sluiceBench.run([s], o, i, c), [src, outputs, inp, cache]);
  await bench.page.evaluate(() => window.sluiceBench.useDatabase(`profile-${Date.now()}`));
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  const order = ["no_cache", "cold", "warm", "code_edit", "input_change"];
  for (const scenario of order.slice(0, order.indexOf(args.scenario) + 1)) {
    const profiling = scenario === args.scenario;
    if (profiling) await send("Profiler.start");
    const src = scenario === "code_edit" && !chain ? dataflowSource(0.71) : source;
    const inp = scenario === "input_change" && !chain ? { ...inputs, cutoff_date: "2024-09-10" } : inputs;
    const result = await run(src, inp, scenario !== "no_cache");
    console.log(`${scenario}: ${Math.round(result.ms)} ms (${result.status})`);
    if (profiling) {
      const { profile } = await send("Profiler.stop");
      writeFileSync(new URL(`./.out/${scenario}.cpuprofile`, import.meta.url), JSON.stringify(profile));
      printProfile(profile);
    }
  }
} finally {
  await bench.close();
}
