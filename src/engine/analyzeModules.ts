import { SluiceError } from "./errors";
import { buildDataflow } from "./graph/dataflow";
import type { CachingBehavior, CodeVersion, NodeKind, StorageFormat } from "./types";

export interface NodeInfo {
  name: string;
  kind: NodeKind;
  dependencies: string[];
  inputs: string[];
  codeVersion: CodeVersion;
  behavior?: CachingBehavior;
  format?: StorageFormat;
  moduleIndex: number;
  line: number;
  /** Module constants and helpers the node reads; editing them does not change its code version. */
  uses: string[];
}

export interface Analysis {
  nodes: NodeInfo[];
  inputs: { name: string; optional: boolean; usedBy: string[] }[];
  errors: ReturnType<SluiceError["toJSON"]>[];
}

/**
 * The graph as the editor sees it while the user types. Never throws: problems come back as
 * errors with codes and positions, for markers.
 */
export async function analyzeModules(sources: readonly string[]): Promise<Analysis> {
  try {
    const flow = await buildDataflow(sources);
    return {
      nodes: flow.order.map((name) => {
        const n = flow.nodes.get(name)!;
        return { name, kind: n.kind, dependencies: [...n.dependencies], inputs: [...n.inputs], codeVersion: n.codeVersion, behavior: n.behavior, format: n.format, moduleIndex: n.moduleIndex, line: n.line, uses: [...n.uses] };
      }),
      inputs: [...flow.inputs.values()].map((i) => ({ ...i, usedBy: [...i.usedBy] })),
      errors: [],
    };
  } catch (error) {
    const sluiceError = error instanceof SluiceError ? error : new SluiceError("SYNTAX", String((error as Error)?.message ?? error));
    return { nodes: [], inputs: [], errors: [sluiceError.toJSON()] };
  }
}
