/**
 * `node bench/warm-probe.mjs [N]`: one cold run of the SPEC.md §10 dataflow (1M rows), then N
 * warm runs in the same page and database; prints the warm runs' min and quartiles (ms). Warm is
 * ~8 ms, so a 5% change is below the noise of single `npm run bench` figures on a shared machine.
 */
import { openBench } from "./browser.mjs";
import { dataflowSource } from "./dataflow.mjs";
const N = Number(process.argv[2] ?? 40);
const bench = await openBench();
const { page } = bench;
const inputs = { n_rows: 1_000_000, cutoff_date: "2024-09-05" };
const run = () => page.evaluate(([s, i]) => window.sluiceBench.run(s, ["report"], i, true), [[dataflowSource(0.73)], inputs]);
await page.evaluate((p) => window.sluiceBench.useDatabase(p), `probe-${Date.now()}`);
await run();
const ms = [];
for (let k = 0; k < N; k++) {
  const r = await run();
  if (r.status !== "succeeded" || r.nodes.some((n) => n.status === "executed")) throw new Error("not a warm run");
  ms.push(r.ms);
}
ms.sort((a, b) => a - b);
const q = (f) => ms[Math.floor(f * (ms.length - 1))].toFixed(2);
console.log(JSON.stringify({ min: q(0), p25: q(0.25), median: q(0.5), p75: q(0.75), n: N }));
await bench.close();
