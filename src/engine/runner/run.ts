import { resolveBehavior, type BehaviorOptions } from "../behaviors";
import { SluiceError } from "../errors";
import { makeEvent } from "../events";
import type { CacheBackend } from "../stores/backend";
import { dropResults } from "../stores/drop";
import type { Eviction } from "../stores/evict";
import { isCorruptResult } from "../stores/integrity";
import type { Actor, CacheKey, CachingBehavior, CachingEvent, DataVersion, EventType, RunId } from "../types";
import { makeCacheKey } from "../versioning/cacheKey";
import { fingerprint, randomSuffix } from "../versioning/fingerprint";
import { dropEarly, type EarlyCall } from "./early";
import { executeNode } from "./execute";
import { noteStoredTable } from "./views";
import { createLookup } from "./lookup";
import type { Program } from "./program";
import type { ExecuteOptions, NodeProgress, NodeState } from "./types";
import { createWriteQueue } from "./writeQueue";

export interface RunSettings {
  runId: RunId;
  program: Program;
  backend: CacheBackend;
  behaviors: BehaviorOptions;
  /** False when the driver was built without `withCache()`: everything executes, nothing is stored. */
  caching: boolean;
  /** History retention: the run log keeps this many runs (default DEFAULT_KEEP_RUNS). */
  keepRuns?: number;
}

export const DEFAULT_KEEP_RUNS = 300;
/** How stale a result's last-used time may get before a run that uses it writes it again. */
export const TOUCH_EVERY_MS = 60_000;

const cancelled = () => new SluiceError("CANCELLED", "The run was cancelled");

/** The state of one `execute` call; the runner's functions share it. */
export class Run {
  readonly states = new Map<string, NodeState>();
  readonly events: CachingEvent[] = [];
  readonly writes: ReturnType<typeof createWriteQueue>;
  readonly lookup: ReturnType<typeof createLookup>;
  /** What was evicted to make room for this run's writes. */
  readonly evicted: Eviction[] = [];
  /** How many results this run wrote (not counting ones the store already held). */
  stored = 0;
  /** Values this run computed, by data version: a hit on one a dependency just made reads no store. */
  readonly computed = new Map<DataVersion, unknown>();
  /** Dependants sent to the pool before their keys were known, by node (early.ts). */
  readonly early = new Map<string, EarlyCall>();
  /** The run's node order: its log is listed in it, not in the order events happened (parallel runs finish nodes in any order). */
  eventOrder?: Map<string, number>;
  private readonly defaults = new Map<string, DataVersion>();

  constructor(
    readonly settings: RunSettings,
    readonly options: ExecuteOptions,
  ) {
    this.lookup = createLookup(settings.backend);
    const parallel = (options.pool?.size ?? 1) > 1;
    const order = parallel ? (write: { node: string }) => this.eventOrder?.get(write.node) ?? 0 : undefined;
    this.writes = createWriteQueue(settings.backend, { protect: () => this.needed(), onEvict: (e) => this.onEvict(e) }, { held: this.answersEarly || parallel, order });
  }

  /** Whether the run answers (`onComputed`) before its writes: they are then held until it has. */
  get answersEarly(): boolean {
    return this.options.onComputed !== undefined;
  }

  /** A node visited after this sees an evicted result as missing, and computes it. */
  private onEvict(eviction: Eviction): void {
    this.evicted.push(eviction);
    for (const dv of eviction.dataVersions) this.lookup.forget(dv);
  }

  /**
   * Stored results this run hit or executed whose last use is older than TOUCH_EVERY_MS: their
   * last-used time is set once, after the run. LRU needs no finer grain, and a run of fresh hits
   * then writes nothing.
   */
  used(now = Date.now()): DataVersion[] {
    const versions = new Set<DataVersion>();
    for (const state of this.states.values()) {
      if (!state.dataVersion || (state.status !== "cached" && state.status !== "executed")) continue;
      const last = this.lookup.lastUsed(state.dataVersion);
      if (last === undefined || now - last > TOUCH_EVERY_MS) versions.add(state.dataVersion);
    }
    return [...versions];
  }

  /** Results this run has hit, read or written: never evicted to make room for its own writes. */
  needed(): Set<string> {
    const versions = new Set<string>();
    for (const state of this.states.values()) if (state.dataVersion) versions.add(state.dataVersion);
    return versions;
  }

  get runId(): RunId {
    return this.settings.runId;
  }

  emit(nodeName: string, actor: Actor, eventType: EventType, msg?: string, value?: unknown): void {
    const event = makeEvent(this.runId, nodeName, actor, eventType, msg, value);
    this.events.push(event);
    this.options.onEvent?.(event);
  }

  progress(state: NodeState, extra: Partial<NodeProgress> = {}): void {
    this.options.onProgress?.({ runId: this.runId, node: state.name, status: state.status, durationMs: state.durationMs, dataVersion: state.dataVersion, error: state.error, ...extra });
  }

  checkCancelled(): void {
    if (this.options.signal?.aborted) throw cancelled();
  }

  /**
   * `work`, or CANCELLED as soon as the run is stopped: node code that awaits forever (a promise
   * it never settles) must not hold the run past Stop. Code that spins without yielding cannot be
   * stopped from here; the client replaces its realm (worker/client.ts `stop`).
   */
  untilCancelled<T>(work: Promise<T>): Promise<T> {
    const signal = this.options.signal;
    if (!signal) return work;
    if (signal.aborted) return Promise.reject(cancelled());
    let onAbort: () => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(cancelled());
      signal.addEventListener("abort", onAbort, { once: true });
    });
    return Promise.race([work, stopped]).finally(() => signal.removeEventListener("abort", onAbort));
  }

  /**
   * Whether one of the node's ancestors computed this value in this run. They are visited before
   * it however many workers run, so a hit on such a value does not depend on timing, as one on
   * any other node's would.
   */
  producedUpstream(name: string, dataVersion: DataVersion): boolean {
    const { flow } = this.settings.program;
    const seen = new Set<string>();
    const stack = [...(flow.nodes.get(name)?.dependencies ?? [])];
    while (stack.length > 0) {
      const dep = stack.pop()!;
      if (seen.has(dep)) continue;
      seen.add(dep);
      const state = this.states.get(dep);
      if (state?.status === "executed" && state.dataVersion === dataVersion && this.computed.has(dataVersion)) return true;
      stack.push(...(flow.nodes.get(dep)?.dependencies ?? []));
    }
    return false;
  }

  /** The value a node sees for one parameter: a dependency, an override, an input, or undefined (its default applies). */
  async argument(param: string): Promise<unknown> {
    return this.states.has(param) ? materialize(this, param) : undefined;
  }

  /** The data version a parameter contributes to a node's key; unpassed defaults count too. */
  async keyVersionOf(node: string, param: string): Promise<DataVersion> {
    const state = this.states.get(param);
    if (state?.keyVersion) return state.keyVersion;
    const id = `${node}\u0000${param}`;
    let version = this.defaults.get(id);
    if (!version) {
      version = (await fingerprint(this.settings.program.defaultValue(node, param))).dataVersion;
      this.defaults.set(id, version);
    }
    return version;
  }
}

/**
 * A node's value in memory: kept by the caller from an earlier run (`heldValue`, when it is safe
 * to give node code), else read from the result store only now that someone needs it.
 */
export async function materialize(run: Run, name: string): Promise<unknown> {
  const state = run.states.get(name)!;
  if (state.value) return state.value.value;
  if (state.kind === "input") return undefined; // an optional input left out: each node has its default
  // In a parallel run two dependants may ask at once: one read (or re-execution) serves both.
  state.materializing ??= readValue(run, name, state).finally(() => (state.materializing = undefined));
  return state.materializing;
}

async function readValue(run: Run, name: string, state: NodeState): Promise<unknown> {
  if (state.dataVersion && run.computed.has(state.dataVersion)) {
    state.value = { value: run.computed.get(state.dataVersion) };
    return state.value.value;
  }
  const held = run.options.heldValue?.(state.dataVersion!, "node");
  if (held?.forNodes) {
    state.value = { value: held.value };
    return held.value;
  }
  try {
    const value = await run.settings.backend.resultStore.get(state.dataVersion!);
    // A view of it crosses to workers as a filter over it (views.ts).
    if (run.options.pool && run.options.pool.size > 1) noteStoredTable(value, state.dataVersion!);
    run.options.keepValue?.(name, state.dataVersion!, value);
    // A value kept now is not the one node code is given, but a copy (keep.ts): code that changes
    // its argument in place cannot change what later runs are given.
    const kept = run.options.heldValue?.(state.dataVersion!, "node");
    state.value = { value: kept?.forNodes ? kept.value : value };
    return state.value.value;
  } catch (error) {
    if (isCorruptResult(error)) {
      // Bytes that no longer match their version are never served: drop them (and the keys
      // pointing at them) and compute the value again.
      run.emit(name, "result_store", "corrupt_result", undefined, state.dataVersion);
      run.lookup.forget(state.dataVersion!);
      await dropResults(run.settings.backend, [state.dataVersion!]);
    } else {
      // The metadata promised a result the store no longer has (cleared, or evicted): recompute it.
      run.emit(name, "result_store", "missing_result", undefined, (error as Error)?.message);
    }
    await executeNode(run, name);
    return state.value!.value;
  }
}

/** What dependants put in their keys for this node: its data version, or SPEC.md §2's stand-ins. */
export function sealVersion(state: NodeState): void {
  state.keyVersion =
    state.behavior === "ignore" ? ("<ignore>" as DataVersion)
    : state.behavior === "disable" ? (`<disable>_${randomSuffix()}` as DataVersion)
    : state.dataVersion;
}

/** Inputs and overrides: versioned so they can enter keys, never stored. */
export async function addGiven(run: Run, name: string, value: unknown, kind: "input" | "override", requested: boolean): Promise<void> {
  const node = run.settings.program.flow.nodes.get(name);
  const behavior = run.settings.caching ? resolveBehavior(name, kind === "input" ? undefined : node, run.settings.behaviors) : "disable";
  const state: NodeState = { name, kind: kind === "input" ? "input" : node!.kind, behavior, status: kind, requested, value: { value } };
  run.states.set(name, state);
  run.emit(name, "adapter", "resolve_behavior", undefined, behavior);
  run.emit(name, "adapter", kind === "input" ? "is_input" : "is_override");
  if (run.settings.caching) {
    const fp = await fingerprint(value);
    if (fp.unhashable) run.emit(name, "adapter", "unhashable_data_version", undefined, fp.dataVersion);
    state.dataVersion = fp.dataVersion;
    run.emit(name, "adapter", "set_data_version", undefined, state.dataVersion);
  }
  sealVersion(state);
  run.progress(state);
}

/** An optional input left out: each node's default applies, and each default enters its key. */
export function addDefaulted(run: Run, name: string, requested: boolean): void {
  const behavior = run.settings.caching ? resolveBehavior(name, undefined, run.settings.behaviors) : "disable";
  run.states.set(name, { name, kind: "input", behavior, status: "input", requested });
  run.emit(name, "adapter", "resolve_behavior", undefined, behavior);
  run.emit(name, "adapter", "is_input", "default");
}

/** A node's behaviour: the driver's lists, then `cache()` as evaluated, then the defaults (SPEC.md §3). */
export function nodeBehavior({ program, behaviors, caching }: RunSettings, name: string): CachingBehavior {
  const node = program.flow.nodes.get(name)!;
  const declared = program.options(name).behavior ?? node.behavior;
  return caching ? resolveBehavior(name, { ...node, behavior: declared }, behaviors) : "disable";
}

/**
 * A file a SQL query names is one of its inputs: `file:<name>` enters the key with the file's
 * size and time of writing (or `absent`), so a new upload of it makes the node run again.
 */
async function fileVersions(run: Run, names: readonly string[]): Promise<Record<string, DataVersion>> {
  const listed = new Map((await run.settings.program.sluice.files.list()).map((f) => [f.name, f]));
  return Object.fromEntries(
    names.map((name) => {
      const file = listed.get(name);
      return [`file:${name}`, (file ? `file.${file.size}.${file.updatedAt}` : "absent") as DataVersion];
    }),
  );
}

/** The node's cache key: its code version and what each parameter contributes. */
export async function keyOf(run: Run, name: string): Promise<CacheKey> {
  const node = run.settings.program.flow.nodes.get(name)!;
  const deps: Record<string, DataVersion> = {};
  for (const param of node.params) deps[param.name] = await run.keyVersionOf(name, param.name);
  if (node.sql?.files.length) Object.assign(deps, await fileVersions(run, node.sql.files));
  return makeCacheKey(name, node.codeVersion, deps);
}

/** Decides hit or miss for one node from data versions alone; executes on a miss. */
export async function visitNode(run: Run, name: string, requested: boolean): Promise<void> {
  run.checkCancelled();
  const { program } = run.settings;
  const node = program.flow.nodes.get(name)!;
  const behavior = nodeBehavior(run.settings, name);
  const state: NodeState = { name, kind: node.kind, behavior, status: "skipped", requested, codeVersion: node.codeVersion };
  run.states.set(name, state);
  run.emit(name, "adapter", "resolve_behavior", undefined, behavior);
  if (requested) run.emit(name, "adapter", "is_final_var");

  const cacheKey = await keyOf(run, name);
  state.cacheKey = cacheKey;
  run.emit(name, "adapter", "set_cache_key", undefined, cacheKey);

  if (behavior === "default") {
    run.emit(name, "adapter", "get_cache_key", "hit", cacheKey);
    const dataVersion = await run.lookup.dataVersion(cacheKey);
    const found = dataVersion ? "hit" : "miss";
    run.emit(name, "adapter", "get_data_version", found, dataVersion);
    run.emit(name, "metadata_store", "get_data_version", found, dataVersion);
    if (dataVersion && ((await run.lookup.storedBefore(dataVersion)) || run.producedUpstream(name, dataVersion))) {
      const from = run.lookup.from(dataVersion);
      run.emit(name, "result_store", "get_result", from ? `hit::${from}` : "hit", dataVersion);
      state.status = "cached";
      dropEarly(run, name);
      if (from) state.from = from;
      state.dataVersion = dataVersion;
      sealVersion(state);
      run.progress(state);
      return;
    }
    if (dataVersion) run.emit(name, "result_store", "missing_result", undefined, dataVersion);
  }
  await executeNode(run, name);
}

