import { checkListedNames, validateBehaviorOptions, type BehaviorOptions } from "./behaviors";
import { SluiceError } from "./errors";
import { buildDataflow, type Dataflow } from "./graph/dataflow";
import { CacheView } from "./cacheView";
import { planRun } from "./explain/plan";
import { runIndexOf } from "./explain/runIndex";
import type { Plan } from "./explain/types";
import { runDataflow } from "./runner";
import { createProgram, type Program } from "./runner/program";
import type { ExecuteOptions } from "./runner/types";
import { createIndexedDbBackend, createMemoryBackend, DEFAULT_CACHE_PATH, type CacheBackend } from "./stores/backend";
import type { MetadataStore, ResultStore } from "./stores/types";
import type { RunId } from "./types";
import { randomSuffix } from "./versioning/fingerprint";
import type { FileArea } from "./files";
import type { PublishedLayer } from "./stores/bundle/layer";
import type { SqlEngine } from "./sql/duckdb";
import { withLayers } from "./stores/layered";

/** `withCache` options (SPEC.md §6). */
export interface CacheOptions extends BehaviorOptions {
  /** The IndexedDB database name. */
  path?: string;
  metadataStore?: MetadataStore;
  resultStore?: ResultStore;
  /** A whole backend (e.g. `createMemoryBackend()`); `metadataStore`/`resultStore` still win. */
  backend?: CacheBackend;
  /** History retention: how many runs the run log keeps (default 300); older ones are deleted after each run. */
  keepRuns?: number;
  /**
   * Published caches under this one (`openPublished`), asked in order after it: read-only, never
   * written, seen only by drivers given them (SPEC.md §12).
   */
  layers?: readonly PublishedLayer[];
}

/**
 * Analyses by module text. The worker builds a driver per run, and analysing a 500-node module
 * (parse, strip types, code versions) takes ~90 ms; a Dataflow is read-only, so sharing it is
 * safe. Only the analysis is shared: modules are still evaluated afresh by every build.
 */
const analyses = new Map<string, Dataflow>();
const ANALYSES_KEPT = 8;

export async function analysisOf(sources: readonly string[]): Promise<Dataflow> {
  const key = JSON.stringify(sources);
  let flow = analyses.get(key);
  if (!flow) {
    flow = await buildDataflow(sources);
    if (analyses.size >= ANALYSES_KEPT) analyses.delete(analyses.keys().next().value!);
    analyses.set(key, flow);
  }
  return flow;
}

/** One composed backend per (backend, layers): explanations index a backend's run log once. */
const composed = new WeakMap<CacheBackend, { layers: readonly PublishedLayer[]; backend: CacheBackend }[]>();
function layeredBackend(own: CacheBackend, layers: readonly PublishedLayer[]): CacheBackend {
  const known = composed.get(own) ?? [];
  const same = known.find((k) => k.layers.length === layers.length && k.layers.every((l, i) => l === layers[i]));
  if (same) return same.backend;
  const backend = withLayers(own, layers);
  composed.set(own, [...known.slice(-3), { layers, backend }]);
  return backend;
}

function newRunId(): RunId {
  // Not crypto.randomUUID: the compute realm (an opaque-origin worker) is no secure context.
  return `${new Date().toISOString()}-${randomSuffix().slice(0, 8)}` as RunId;
}

/** Runs a dataflow; `cache` holds what every run learned, as Hamilton's `Driver.cache` does. */
export class Driver {
  readonly cache: CacheView;
  private queue: Promise<unknown> = Promise.resolve();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    readonly flow: Dataflow,
    private readonly program: Program,
    private readonly backend: CacheBackend,
    private readonly behaviors: BehaviorOptions,
    private readonly caching: boolean,
    private readonly keepRuns?: number,
  ) {
    this.cache = new CacheView(backend);
  }

  /**
   * Computes the requested outputs, reusing cached results where keys match.
   * @example await dr.execute(["processed_data"], { inputs: { cutoff_date: "2024-09-01" } })
   */
  execute(outputs: readonly string[], options: ExecuteOptions = {}): Promise<Record<string, unknown>> {
    // Runs of one driver never interleave: each sees the cache the previous one left.
    const result = this.queue.then(() =>
      runDataflow(
        { runId: newRunId(), program: this.program, backend: this.backend, behaviors: this.behaviors, caching: this.caching, keepRuns: this.keepRuns },
        outputs,
        options,
        (record, saved) => {
          this.cache.addRun(record);
          this.saving = saved;
        },
      ),
    );
    this.queue = result.catch(() => undefined).then(() => this.saving);
    return result;
  }

  /**
   * What `execute` would do now, node by node (SPEC.md §11): reads metadata only, and its `hit`
   * and `execute` are promises the next run with the same code, inputs and cache keeps.
   * @example (await dr.plan(["amount_per_country"], { inputs })).processed_data.will // "execute"
   */
  plan(outputs: readonly string[], options: Pick<ExecuteOptions, "inputs" | "overrides"> = {}): Promise<Plan> {
    const settings = { program: this.program, backend: this.backend, behaviors: this.behaviors, caching: this.caching };
    // After this driver's queued runs: a plan describes the cache they leave.
    return this.queue.then(() => planRun(settings, runIndexOf(this.backend), outputs, options));
  }
}

/** Builds a Driver from module texts, as Hamilton's `driver.Builder()` does. */
export class Builder {
  private readonly sources: string[] = [];
  private cacheOptions: CacheOptions | undefined;
  private network: typeof fetch | undefined;
  private files: FileArea | undefined;
  private sql: SqlEngine | undefined;

  withModules(...sources: string[]): this {
    this.sources.push(...sources);
    return this;
  }

  /** Turns caching on; without it every node executes and nothing is stored. */
  withCache(options: CacheOptions = {}): this {
    this.cacheOptions = options;
    return this;
  }

  /**
   * How `fetchTable` reaches the network (default: `fetch`). A realm that may not open
   * connections passes a broker that asks the app.
   * @example new Builder().withModules(source).withNetwork((url) => broker.fetch(url))
   */
  withNetwork(network: typeof fetch): this {
    this.network = network;
    return this;
  }

  /**
   * The file area `files.read`/`files.write` use; the cache backend's by default. A run without
   * the cache still reads the user's uploads through it.
   */
  withFiles(files: FileArea): this {
    this.files = files;
    return this;
  }

  /**
   * Where `sql()` nodes run (SPEC.md §14): a DuckDB started when the first query needs it, and
   * kept by whoever passes it (the realm keeps one for all its drivers).
   * @example new Builder().withModules(source).withSql(createSqlEngine(startDuckDb))
   */
  withSql(engine: SqlEngine): this {
    this.sql = engine;
    return this;
  }

  async build(): Promise<Driver> {
    if (this.sources.length === 0) throw new SluiceError("BAD_OPTION", "Builder needs at least one module (withModules)", { option: "modules" });
    const options = this.cacheOptions;
    if (options) validateBehaviorOptions(options);
    const flow = await analysisOf(this.sources);
    if (options) checkListedNames(options, (name) => flow.nodes.has(name) || flow.inputs.has(name));
    const own = options ? (options.backend ?? createIndexedDbBackend(options.path ?? DEFAULT_CACHE_PATH)) : createMemoryBackend("no-cache");
    const base = options?.layers?.length ? layeredBackend(own, options.layers) : own;
    const { storeBatch, ...rest } = base;
    const ownStores = options?.metadataStore !== undefined || options?.resultStore !== undefined;
    const backend: CacheBackend = {
      ...rest,
      metadataStore: options?.metadataStore ?? base.metadataStore,
      resultStore: options?.resultStore ?? base.resultStore,
      // The backend's one-call batch writes its own stores: not when either was replaced.
      ...(storeBatch && !ownStores && { storeBatch }),
    };
    const files = this.files;
    const program = createProgram(flow, () => files ?? backend.files, this.network, this.sql);
    const { path: _p, metadataStore: _m, resultStore: _r, backend: _b, keepRuns, layers: _l, ...behaviors } = options ?? {};
    if (keepRuns !== undefined && !(Number.isInteger(keepRuns) && keepRuns >= 1)) {
      throw new SluiceError("BAD_OPTION", `withCache option \`keepRuns\` must be a whole number of runs, at least 1, not ${JSON.stringify(keepRuns)}`, { option: "keepRuns" });
    }
    // Explanations compare with earlier runs of any driver: the log is read once per backend.
    await runIndexOf(backend).ready();
    return new Driver(flow, program, backend, behaviors, options !== undefined, keepRuns);
  }
}
