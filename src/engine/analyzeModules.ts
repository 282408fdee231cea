import { SluiceError } from "./errors";
import { buildDataflow, type GraphNode } from "./graph/dataflow";

/** A node as the editor and graph see it before any run. */
export type NodeInfo = Pick<GraphNode, "name" | "kind" | "dependencies" | "inputs" | "codeVersion" | "behavior" | "format" | "moduleIndex" | "line" | "uses" | "sql">;

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
        return { name, kind: n.kind, dependencies: [...n.dependencies], inputs: [...n.inputs], codeVersion: n.codeVersion, behavior: n.behavior, format: n.format, moduleIndex: n.moduleIndex, line: n.line, uses: [...n.uses], ...(n.sql && { sql: { ...n.sql, files: [...n.sql.files] } }) };
      }),
      inputs: [...flow.inputs.values()].map((i) => ({ ...i, usedBy: [...i.usedBy] })),
      errors: [],
    };
  } catch (error) {
    const sluiceError = error instanceof SluiceError ? error : new SluiceError("SYNTAX", String((error as Error)?.message ?? error));
    return { nodes: [], inputs: [], errors: [sluiceError.toJSON()] };
  }
}
