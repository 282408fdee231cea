import { SluiceError, isSluiceError } from "../errors";
import { neededFor } from "../graph/order";
import type { RunRecord } from "../stores/runRecord";
import { addDefaulted, addGiven, DEFAULT_KEEP_RUNS, materialize, Run, visitNode, type RunSettings } from "./run";
import { dropEarly } from "./early";
import { nextTask } from "./tasks";
import { toRunRecord } from "./record";
import { holdRunLock, runLockName } from "../runLock";
import { enforceLimit } from "../cacheAdmin";
import type { ComputedRun, ExecuteOptions } from "./types";

export function checkOutputs(run: Run, outputs: readonly string[]): void {
  const { flow } = run.settings.program;
  const unknown = outputs.filter((name) => !flow.nodes.has(name) && !flow.inputs.has(name));
  if (unknown.length > 0) {
    throw new SluiceError("UNKNOWN_OUTPUT", `Unknown output${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} (not a node of this dataflow)`, { node: unknown[0] });
  }
}

/** The nodes to visit: what the outputs need, stopping at overridden nodes. */
export function visitList(run: Run, outputs: readonly string[]): { nodes: string[]; inputs: string[] } {
  const { flow } = run.settings.program;
  const overrides = run.options.overrides ?? {};
  const pruned = new Map(
    [...flow.nodes.values()].map((n) => [n.name, { name: n.name, dependencies: Object.hasOwn(overrides, n.name) ? [] : n.dependencies }]),
  );
  const nodes = neededFor(outputs.filter((o) => flow.nodes.has(o)), pruned, flow.order).filter((n) => !Object.hasOwn(overrides, n));
  const inputs = new Set<string>(outputs.filter((o) => flow.inputs.has(o)));
  for (const name of nodes) for (const input of flow.nodes.get(name)!.inputs) inputs.add(input);
  return { nodes, inputs: [...inputs] };
}

export function checkInputs(run: Run, inputs: readonly string[]): void {
  const given = { ...run.options.overrides, ...run.options.inputs };
  const missing = inputs.filter((name) => !Object.hasOwn(given, name) && !run.settings.program.flow.inputs.get(name)!.optional);
  if (missing.length === 0) return;
  const needs = missing.map((m) => `\`${m}\` (needed by ${run.settings.program.flow.inputs.get(m)!.usedBy.join(", ")})`);
  throw new SluiceError("MISSING_INPUT", `Missing input${missing.length > 1 ? "s" : ""}: ${needs.join("; ")}`, { input: missing[0] });
}

/** Overrides, given inputs and left-out optional inputs, versioned as keys need them. */
export async function addGivens(run: Run, inputs: readonly string[], requested: ReadonlySet<string>): Promise<void> {
  const { overrides = {}, inputs: given } = run.options;
  for (const [name, value] of Object.entries(overrides)) {
    if (run.settings.program.flow.nodes.has(name) || inputs.includes(name)) await addGiven(run, name, value, "override", requested.has(name));
  }
  for (const name of inputs) {
    if (!run.states.has(name) && given && Object.hasOwn(given, name)) await addGiven(run, name, given[name], "input", requested.has(name));
  }
  for (const name of inputs) if (!run.states.has(name)) addDefaulted(run, name, requested.has(name));
}

/**
 * How long a run computes before it lets its thread's other tasks in. Nodes that do not await
 * anything real (most Arquero code) chain microtasks only, so without this the answers to the
 * run's own writes, and its progress batches, wait until the last node is done: a cold 10k-row
 * run in the compute realm wrote its 23 results only after its last node (three round trips per
 * write batch), and the page saw no progress meanwhile.
 */
const SLICE_MS = 8;

/**
 * Visits each node once its dependencies are visited, so independent misses execute at once on
 * the pool. After a failure nothing new starts; what is running finishes (and is stored), and the
 * failure reported is the first in the run's order, as a one-worker run would report it.
 */
async function visitInParallel(run: Run, nodes: readonly string[], requested: ReadonlySet<string>): Promise<void> {
  const { flow } = run.settings.program;
  const visits = new Map<string, Promise<void>>();
  const failures = new Map<string, unknown>();
  let slice = performance.now();
  for (const name of nodes) {
    const deps = flow.nodes.get(name)!.dependencies.filter((d) => visits.has(d));
    const visit = Promise.all(deps.map((d) => visits.get(d)))
      .then(async () => {
        if (failures.size > 0) return;
        // Hits decide in microtasks: let the thread's messages (writes, progress, the pool's
        // answers) in between, once a slice has passed. A task for every node cost a warm
        // 500-node chain 42 → 83 ms.
        if (performance.now() - slice > SLICE_MS) {
          await nextTask();
          slice = performance.now();
        }
        if (failures.size === 0) await visitNode(run, name, requested.has(name));
      })
      .catch((error: unknown) => void failures.set(name, error));
    visits.set(name, visit);
  }
  await Promise.all(visits.values());
  const first = nodes.find((name) => failures.has(name));
  if (first !== undefined) throw failures.get(first);
}

/** Housekeeping once a run is over, off its critical path: the log, last-used times, retention. */
async function afterRun(run: Run, record: RunRecord): Promise<void> {
  const { backend, keepRuns = DEFAULT_KEEP_RUNS } = run.settings;
  const saved = backend.runLog.put(record);
  const used = run.used();
  await Promise.all([
    saved.then(() => backend.runLog.prune?.(keepRuns)),
    used.length > 0 ? backend.resultStore.touch?.(used, Date.now()) : undefined,
    // Only a run that stored something can have grown the cache past its limit. A backend that
    // holds no limit (the compute realm's) leaves it to its owner: realm/client.ts enforces it.
    run.stored > 0 && backend.limits ? enforceLimit(backend, [...run.needed()]) : undefined,
  ]).catch(() => undefined);
}

/** A requested output: in memory, held by the caller (a hit it kept from an earlier run), or read. */
async function outputValue(run: Run, name: string): Promise<unknown> {
  const state = run.states.get(name)!;
  if (!state.value && state.status === "cached" && state.dataVersion) {
    const held = run.options.heldValue?.(state.dataVersion, "output");
    if (held) return held.value;
  }
  return materialize(run, name);
}

/** The caller's early answer; its own failure never stops the run's writes. */
function answer(run: Run, computed: Omit<ComputedRun, "record">, meta: { startedAt: number; outputs: readonly string[] }): void {
  try {
    run.options.onComputed?.({ ...computed, record: toRunRecord(run, { ...meta, error: computed.error }) });
  } catch {
    // The hook is the caller's: the run still stores what it computed.
  }
}

/**
 * One run: resolve inputs, visit the needed nodes in order (hits need only data versions), then
 * read the requested outputs. Results are written as they come, or, when the caller takes an
 * early answer (`onComputed`), once it has it; either way the returned promise settles only once
 * they are stored, and the log is saved last, after the results it names.
 */
export async function runDataflow(
  settings: RunSettings,
  outputs: readonly string[],
  options: ExecuteOptions,
  onRecord: (record: RunRecord, saved: Promise<void>) => void,
): Promise<Record<string, unknown>> {
  const run = new Run(settings, options);
  const startedAt = Date.now();
  // Held until the last record is saved: a record left `running` with its lock free is a dead run.
  // Not awaited: the grant (a round trip to the browser, ms on a busy machine) would delay every
  // run. Until it lands, another tab could take this run for dead and close its record, which
  // this run's final record then replaces; a run never waits for its lock.
  const lock = holdRunLock(runLockName(settings.backend.name, settings.runId)).catch(() => () => undefined);
  const requested = new Set(outputs);
  let error: SluiceError | undefined;
  let answered = false;
  try {
    checkOutputs(run, outputs);
    const { nodes, inputs } = visitList(run, outputs);
    checkInputs(run, inputs);
    // A first record, so a run whose worker is killed mid-node (Stop on an endless loop) is still
    // in history; see markRunStopped. The final record replaces it. It is written while the
    // metadata is read (no node runs before both are done); the compute realm's backend sends it
    // without waiting at all, since its engine worker writes it whatever the realm does next.
    const started = settings.backend.runLog.put(toRunRecord(run, { startedAt, outputs, running: true })).catch(() => undefined);
    if (settings.caching) await run.lookup.prefetch(nodes);
    await started;
    for (const name of nodes) options.onProgress?.({ runId: settings.runId, node: name, status: "pending" });
    await addGivens(run, inputs, requested);
    // The log lists events in this order however many workers ran (record.ts).
    run.eventOrder = new Map(nodes.map((name, i) => [name, i]));
    if (options.pool && options.pool.size > 1) await visitInParallel(run, nodes, requested);
    else {
      let slice = performance.now();
      for (const name of nodes) {
        await visitNode(run, name, requested.has(name));
        if (performance.now() - slice > SLICE_MS) {
          await nextTask();
          slice = performance.now();
        }
      }
    }
    const results: Record<string, unknown> = {};
    for (const name of outputs) {
      const value = run.states.has(name) ? await outputValue(run, name) : undefined;
      // Defined, not assigned: an output named `__proto__` is still just a key.
      Object.defineProperty(results, name, { value, enumerable: true, writable: true, configurable: true });
    }
    answered = true;
    answer(run, { results }, { startedAt, outputs });
    // A write that found no room (even after eviction) is a STORAGE error, but the run's values
    // were computed all the same: they travel with the error (`details.results`).
    await run.writes.drain().catch((failure: unknown) => {
      throw isSluiceError(failure) ? new SluiceError(failure.code, failure.message, { ...failure.details, results }) : failure;
    });
    return results;
  } catch (caught) {
    error = isSluiceError(caught) ? caught : new SluiceError("NODE_FAILED", String((caught as Error)?.message ?? caught), { cause: caught });
    if (!answered) answer(run, { error }, { startedAt, outputs });
    // Whatever finished before the failure is kept: its writes complete before we report.
    await run.writes.drain().catch(() => undefined);
    throw error;
  } finally {
    // Calls sent early for nodes a failure left unvisited: those still waiting never start.
    dropEarly(run);
    const record = toRunRecord(run, { startedAt, outputs, error });
    // Saving the log is not awaited: the caller has the record, and the write (its transaction
    // already open, so later reads of the log see it) commits while the answer travels. A warm
    // 500-node chain waited ~15 ms for it. The driver's next run waits for it instead.
    const saved = afterRun(run, record);
    void Promise.all([lock, saved]).then(([release]) => release());
    onRecord(record, saved);
  }
}
