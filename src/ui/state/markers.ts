import type { EditorMarker } from "../editor/types";
import type { Analysis, WireError } from "../../worker/protocol";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where a node is defined: errors like CYCLE name nodes, not positions. */
export function locateNode(source: string, node: string): { line: number; column: number; endColumn: number } | undefined {
  const name = node.replace(/\.loader$/, "");
  const pattern = new RegExp(`export\\s+(?:async\\s+)?(?:function\\s*\\*?\\s*|const\\s+|let\\s+|var\\s+)(${escape(name)})\\b`);
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = pattern.exec(lines[i]);
    if (match) {
      const column = match.index + match[0].length - name.length + 1;
      return { line: i + 1, column, endColumn: column + name.length };
    }
  }
  return undefined;
}

/** The nodes an error is about: a cycle names several, most errors one. */
function nodesOf(error: WireError): string[] {
  if (error.details.cycle && error.details.cycle.length > 0) return [...new Set(error.details.cycle)];
  return error.details.node ? [error.details.node] : [];
}

/** An error as editor underlines: at its position when it has one, else at each node it names. */
export function markersFor(error: WireError, source: string, severity: EditorMarker["severity"] = "error"): EditorMarker[] {
  const message = `${error.code}: ${error.message}`;
  if (error.details.line !== undefined) {
    const column = error.details.column ?? 1;
    return [{ line: error.details.line, column, endLine: error.details.line, endColumn: column + 1, message, severity }];
  }
  return nodesOf(error).flatMap((node) => {
    const at = locateNode(source, node);
    return at ? [{ line: at.line, column: at.column, endLine: at.line, endColumn: at.endColumn, message, severity }] : [];
  });
}

export function analysisMarkers(analysis: Analysis | undefined, source: string): EditorMarker[] {
  return (analysis?.errors ?? []).flatMap((e) => markersFor(e as WireError, source));
}
