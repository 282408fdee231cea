import { SluiceError } from "../errors";
import { BEHAVIORS, FORMATS } from "../types";
import type { Dataflow, GraphNode } from "../graph/dataflow";
import { evaluateModule, type DefaultSpec, type EvaluatedModule } from "../module/evaluate";
import { createSluiceModule, unwrapExport, type CacheOptions, type SluiceModule } from "../runtime/sluice";
import type { FileArea } from "../files";
import { checkCompression } from "../formats";
import type { SqlEngine } from "../sql/duckdb";

type NodeFunction = (...args: unknown[]) => unknown;

/** A dataflow made runnable: each node bound to the function its module exported. */
export interface Program {
  flow: Dataflow;
  sluice: SluiceModule;
  fn(node: string): NodeFunction;
  /** `cache({...})` as evaluated: the truth, where static analysis could only read literals. */
  options(node: string): CacheOptions;
  defaultValue(node: string, param: string): unknown;
  /** What a `sql()` node's value waited for DuckDB to start (its first query): not the node's own time. */
  engineStartMs(value: unknown): number;
}

/** By a SQL node's answer: how long its query waited for DuckDB to start. */
const startWaits = new WeakMap<object, number>();

function bind(node: GraphNode, module: EvaluatedModule, sql: SqlHost): { fn: NodeFunction; options: CacheOptions } {
  if (node.kind === "loader-data") {
    return {
      options: {},
      fn: (pair: unknown) => {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new SluiceError("NODE_FAILED", `dataloader \`${node.name}\` must return [data, metadata]`, { node: node.name });
        }
        return pair[0];
      },
    };
  }
  const exportName = node.kind === "loader" ? node.name.replace(/\.loader$/, "") : node.name;
  const unwrapped = unwrapExport(module.exports[exportName]);
  if (!unwrapped) {
    throw new SluiceError("BAD_OPTION", `Export \`${exportName}\` is not a function once the module runs`, { node: node.name });
  }
  checkOptions(node.name, unwrapped.options);
  const fn = unwrapped.fn as NodeFunction;
  return { fn: unwrapped.sql ? sqlNode(node, fn, sql) : fn, options: unwrapped.options };
}

/** Where `sql()` nodes run: DuckDB (started when first asked) and the files a query may name. */
interface SqlHost {
  engine?: SqlEngine;
  files: () => FileArea;
}

/** A `sql()` node as the runner calls it: its function gives the query, DuckDB answers it. */
function sqlNode(node: GraphNode, queryOf: NodeFunction, host: SqlHost): NodeFunction {
  return async (...args: unknown[]) => {
    const engine = host.engine;
    if (!engine) throw new SluiceError("BAD_OPTION", `Node \`${node.name}\` is a sql() node, and this engine has no DuckDB to run it`, { node: node.name });
    const text = await queryOf(...args);
    if (typeof text !== "string") throw new SluiceError("BAD_OPTION", `sql() node \`${node.name}\` must return its query as a string, not ${typeof text}`, { node: node.name });
    const values = Object.fromEntries(node.params.map((p, i) => [p.name, args[i]]));
    let waited = 0;
    const answer = await engine.query({
      node: node.name,
      text,
      values,
      files: host.files(),
      at: node.sql && { line: node.sql.line, column: node.sql.column },
      onStartWait: (ms) => (waited = ms),
    });
    if (waited > 0) startWaits.set(answer, waited);
    return answer;
  };
}

/** `cache()` options as evaluated: a value from a constant escapes the static check, not this one. */
function checkOptions(node: string, options: CacheOptions): void {
  const { behavior, format, compression } = options;
  if (behavior !== undefined && !BEHAVIORS.includes(behavior)) {
    throw new SluiceError("BAD_OPTION", `Unknown behavior ${JSON.stringify(behavior)} for node \`${node}\` (use ${BEHAVIORS.join(", ")})`, { node, option: "behavior" });
  }
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new SluiceError("BAD_OPTION", `Unknown format ${JSON.stringify(format)} for node \`${node}\` (use ${FORMATS.join(", ")})`, { node, option: "format" });
  }
  if (compression !== undefined) {
    checkCompression(compression, { node, label: `Node \`${node}\`` });
    if (format !== "parquet") {
      throw new SluiceError("BAD_OPTION", `Node \`${node}\`: \`compression\` applies to \`format: "parquet"\` only`, { node, option: "compression" });
    }
  }
}

export function createProgram(flow: Dataflow, files: () => FileArea, network?: typeof fetch, sql?: SqlEngine): Program {
  const sluice = createSluiceModule(files, network);
  const modules = flow.javascript.map((js, i) => {
    const defaults: DefaultSpec[] = [...flow.nodes.values()]
      .filter((n) => n.moduleIndex === i && n.kind !== "loader-data")
      .flatMap((n) =>
        n.params.flatMap((p) => (p.defaultText === undefined ? [] : [{ node: n.name, param: p.name, text: p.defaultText }])),
      );
    return evaluateModule(js, defaults, sluice, i);
  });
  const host: SqlHost = { engine: sql, files };
  const bound = new Map([...flow.nodes.values()].map((node) => [node.name, bind(node, modules[node.moduleIndex], host)]));
  return {
    flow,
    sluice,
    fn: (node) => bound.get(node)!.fn,
    options: (node) => bound.get(node)!.options,
    defaultValue: (node, param) => modules[flow.nodes.get(node)!.moduleIndex].defaultValue(node, param),
    engineStartMs: (value) => (typeof value === "object" && value !== null ? (startWaits.get(value) ?? 0) : 0),
  };
}
