import { describe, expect, it } from "vitest";
import { dataflowSource, STATS } from "./dataflow.mjs";
import { projection } from "./project.mjs";

/** A one-worker run's record at 1M rows, with the node times this machine measures. */
function run() {
  const durations = { raw_data: 60, processed_data: 70, amount_per_country: 140, report: 0.2 };
  for (let k = 0; k < STATS; k++) durations[`stat_${k}`] = 26;
  const nodes = Object.entries(durations).map(([name, durationMs]) => ({ name, status: "executed", durationMs }));
  const node = nodes.reduce((ms, n) => ms + n.durationMs, 0);
  return { ms: node + 100, nodes };
}

describe("what more cores would give, by today's rule", () => {
  it("sends the stats, which share one number column's crossing, and keeps what costs more to cross than half its time", () => {
    const p = projection(dataflowSource(0.73), 1_000_000, run());
    const ms = Object.fromEntries(p.today.map((r) => [r.workers, r.ms]));
    expect(ms[1]).toBe(p.measured_ms);
    // The stats spread over the workers; raw_data, processed_data and amount_per_country stay in the realm.
    expect(ms[2]).toBeLessThan(ms[1]);
    expect(ms[4]).toBeLessThan(ms[2]);
    expect(ms[8]).toBeLessThanOrEqual(ms[4]);
    // The realm's own path is what is left: raw_data, processed_data, amount_per_country, the overhead.
    expect(ms[8]).toBeGreaterThanOrEqual(60 + 70 + 140 + 100);
    // The bound sends amount_per_country too, so it can only be shorter.
    for (const [i, r] of p.bound.entries()) expect(r.ms).toBeLessThanOrEqual(p.today[i].ms);
  });
});
