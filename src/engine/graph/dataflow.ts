import { SluiceError } from "../errors";
import type { CachingBehavior, CodeVersion, NodeKind, StorageFormat } from "../types";
import { analyzeModule, type NodeDefinition, type ParamSpec, type SqlSpec } from "../module/analyze";
import { stripTypes } from "../module/compile";
import { codeVersionOf } from "../versioning/codeVersion";
import { orderNodes } from "./order";

export interface GraphNode {
  name: string;
  kind: NodeKind;
  params: ParamSpec[];
  /** Parameters that name other nodes. */
  dependencies: string[];
  /** Parameters that name no node: inputs given at execute time (optional when defaulted). */
  inputs: string[];
  codeVersion: CodeVersion;
  /** What the module's `cache()` says, read statically; the runtime wrapper confirms it. */
  behavior?: CachingBehavior;
  format?: StorageFormat;
  moduleIndex: number;
  line: number;
  column: number;
  /** Module constants and helpers it reads, which its code version does not cover. */
  uses: string[];
  /** For `x` of a dataloader: the `x.loader` node it unpacks. */
  loaderOf?: string;
  /** A `sql()` node: its function returns a query that DuckDB runs (SPEC.md §14). */
  sql?: SqlSpec;
}

export interface InputSpec {
  name: string;
  optional: boolean;
  usedBy: string[];
}

export interface Dataflow {
  nodes: ReadonlyMap<string, GraphNode>;
  inputs: ReadonlyMap<string, InputSpec>;
  /** Every node in dependency order, ties broken by where it is defined. */
  order: readonly string[];
  /** The modules as written, kept with each run so history shows the code that ran. */
  sources: readonly string[];
  /** The modules' JavaScript, types stripped, for evaluation. */
  javascript: readonly string[];
}

/** `x.loader` unpacks to `x`; that code is fixed, so its version is too. */
const LOADER_DATA_CODE = "sluice:dataloader:data-of-pair:v1";

async function expand(def: NodeDefinition): Promise<GraphNode[]> {
  const codeVersion = await codeVersionOf(def.normalizedCode);
  const { normalizedCode: _code, ...rest } = def;
  const base: GraphNode = { ...rest, dependencies: [], inputs: [], codeVersion };
  if (def.kind !== "loader") return [base];
  const loaderName = `${def.name}.loader`;
  const data: GraphNode = {
    ...base,
    dependencies: [],
    inputs: [],
    kind: "loader-data",
    params: [{ name: loaderName }],
    codeVersion: await codeVersionOf(LOADER_DATA_CODE),
    loaderOf: loaderName,
    uses: [],
  };
  return [{ ...base, name: loaderName, format: undefined }, data];
}

/**
 * Parses modules into a DAG: nodes, their dependencies and inputs, in an order that runs.
 * @example (await buildDataflow([source])).order // ["raw_data", "processed_data"]
 */
export async function buildDataflow(sources: readonly string[]): Promise<Dataflow> {
  const javascript = sources.map((source, i) => stripTypes(source, i));
  const definitions = javascript.flatMap((js, i) => analyzeModule(js, i));
  const nodes = new Map<string, GraphNode>();
  for (const node of (await Promise.all(definitions.map(expand))).flat()) {
    const existing = nodes.get(node.name);
    if (existing) {
      throw new SluiceError(
        "DUPLICATE_NODE",
        `Node \`${node.name}\` is defined twice (module ${existing.moduleIndex + 1} line ${existing.line}, module ${node.moduleIndex + 1} line ${node.line})`,
        { node: node.name, line: node.line, column: node.column },
      );
    }
    nodes.set(node.name, node);
  }
  const inputs = new Map<string, InputSpec>();
  for (const node of nodes.values()) {
    for (const param of node.params) {
      if (nodes.has(param.name)) {
        node.dependencies.push(param.name);
        continue;
      }
      node.inputs.push(param.name);
      const input = inputs.get(param.name) ?? { name: param.name, optional: true, usedBy: [] };
      input.optional &&= param.defaultText !== undefined;
      input.usedBy.push(node.name);
      inputs.set(param.name, input);
    }
  }
  return { nodes, inputs, order: orderNodes(nodes), sources, javascript };
}
