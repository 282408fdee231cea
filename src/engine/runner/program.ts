import { SluiceError } from "../errors";
import { BEHAVIORS, FORMATS } from "../types";
import type { Dataflow, GraphNode } from "../graph/dataflow";
import { evaluateModule, type DefaultSpec, type EvaluatedModule } from "../module/evaluate";
import { createSluiceModule, unwrapExport, type CacheOptions, type SluiceModule } from "../runtime/sluice";
import type { FileArea } from "../files";
import { checkCompression } from "../formats";

type NodeFunction = (...args: unknown[]) => unknown;

/** A dataflow made runnable: each node bound to the function its module exported. */
export interface Program {
  flow: Dataflow;
  sluice: SluiceModule;
  fn(node: string): NodeFunction;
  /** `cache({...})` as evaluated: the truth, where static analysis could only read literals. */
  options(node: string): CacheOptions;
  defaultValue(node: string, param: string): unknown;
}

function bind(node: GraphNode, module: EvaluatedModule): { fn: NodeFunction; options: CacheOptions } {
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
  return { fn: unwrapped.fn as NodeFunction, options: unwrapped.options };
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

export function createProgram(flow: Dataflow, files: () => FileArea, network?: typeof fetch): Program {
  const sluice = createSluiceModule(files, network);
  const modules = flow.javascript.map((js, i) => {
    const defaults: DefaultSpec[] = [...flow.nodes.values()]
      .filter((n) => n.moduleIndex === i && n.kind !== "loader-data")
      .flatMap((n) =>
        n.params.flatMap((p) => (p.defaultText === undefined ? [] : [{ node: n.name, param: p.name, text: p.defaultText }])),
      );
    return evaluateModule(js, defaults, sluice, i);
  });
  const bound = new Map([...flow.nodes.values()].map((node) => [node.name, bind(node, modules[node.moduleIndex])]));
  return {
    flow,
    sluice,
    fn: (node) => bound.get(node)!.fn,
    options: (node) => bound.get(node)!.options,
    defaultValue: (node, param) => modules[flow.nodes.get(node)!.moduleIndex].defaultValue(node, param),
  };
}
