/**
 * The scenarios of SPEC.md §10, in order on one database, and the chain's. Each run is timed in
 * the page, from posting the request to the worker's answer (and to its results being stored,
 * `*_durable`); its statuses are checked, so a figure can never come from a run that hit or
 * missed where it should not have.
 */

const CUTOFF = "2024-09-05";
const NEW_CUTOFF = "2024-09-10";

function runIn(page, sources, outputs, inputs, cache) {
  return page.evaluate(([s, o, i, c]) => window.sluiceBench.run(s, o, i, c), [sources, outputs, inputs, cache]);
}

function executed(run) {
  return run.nodes.filter((n) => n.status === "executed").map((n) => n.name);
}

function check(name, run, expectExecuted) {
  if (run.status !== "succeeded") throw new Error(`${name}: run ${run.status}: ${run.error}`);
  const got = executed(run).length;
  if (got !== expectExecuted) throw new Error(`${name}: expected ${expectExecuted} executed nodes, got ${got} (${executed(run).join(", ")})`);
}

/**
 * What the nodes that re-execute cost without a cache: the no-cache run's time, shared out in
 * proportion to the nodes' own durations (so the share of fingerprinting and transport that
 * belongs to them is counted, and that of the nodes that stay cached is not).
 */
function baselineFor(noCache, names) {
  const own = (n) => n.durationMs ?? 0;
  const all = noCache.nodes.reduce((s, n) => s + own(n), 0);
  const mine = noCache.nodes.filter((n) => names.includes(n.name)).reduce((s, n) => s + own(n), 0);
  return all > 0 ? (noCache.ms * mine) / all : noCache.ms;
}

/**
 * A run answers once its values are known and stores its results after: `<scenario>_durable` is
 * the time until they (and the run's record) are stored. The next scenario starts only then.
 */
function durable(runs) {
  return Object.fromEntries(Object.entries(runs).map(([name, run]) => [`${name}_durable`, run.durableMs]));
}

export function dataflowScenarios(source, rows) {
  const original = source(0.73);
  const edited = source(0.71);
  const inputs = { n_rows: rows, cutoff_date: CUTOFF };
  const all = 2 + 20 + 1 + 1; // raw_data, processed_data, amount_per_country, 20 stats, report
  return async (page) => {
    const noCache = await runIn(page, [original], ["report"], inputs, false);
    check("no_cache", noCache, all);
    const cold = await runIn(page, [original], ["report"], inputs, true);
    check("cold", cold, all);
    const warm = await runIn(page, [original], ["report"], inputs, true);
    check("warm", warm, 0);
    const edit = await runIn(page, [edited], ["report"], inputs, true);
    check("code_edit", edit, all - 1);
    const input = await runIn(page, [original], ["report"], { ...inputs, cutoff_date: NEW_CUTOFF }, true);
    check("input_change", input, all - 1);
    return {
      no_cache: noCache.ms,
      cold: cold.ms,
      warm: warm.ms,
      code_edit: edit.ms,
      input_change: input.ms,
      report_version: cold.nodes.find((n) => n.name === "report")?.dataVersion,
      ...durable({ cold, warm, code_edit: edit, input_change: input }),
      code_edit_baseline: baselineFor(noCache, executed(edit)),
      input_change_baseline: baselineFor(noCache, executed(input)),
      detail: { no_cache: noCache, cold, warm, code_edit: edit, input_change: input },
    };
  };
}

export function chainScenarios(source, k) {
  const last = `n_${k - 1}`;
  return async (page) => {
    const noCache = await runIn(page, [source], [last], { seed: 1 }, false);
    check("no_cache", noCache, k);
    const cold = await runIn(page, [source], [last], { seed: 1 }, true);
    check("cold", cold, k);
    const warm = await runIn(page, [source], [last], { seed: 1 }, true);
    check("warm", warm, 0);
    return {
      no_cache: noCache.ms,
      cold: cold.ms,
      warm: warm.ms,
      ...durable({ cold, warm }),
      detail: { no_cache: noCache, cold, warm },
      no_cache_per_node: noCache.ms / k,
      cold_per_node: cold.ms / k,
      warm_per_node: warm.ms / k,
    };
  };
}
