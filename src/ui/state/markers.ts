import { markersFromError } from "../editor/CodeEditor";
import type { EditorMarker } from "../editor/types";
import type { Analysis, WireError } from "../../worker/protocol";

/**
 * An error as editor underlines: at its position when it has one, else at the node it names;
 * a cycle names several nodes and underlines each of them.
 */
export function markersFor(error: WireError, source: string): EditorMarker[] {
  const cycle = error.details.cycle ?? [];
  if (error.details.line !== undefined || cycle.length === 0) return markersFromError(error, source);
  return [...new Set(cycle)].flatMap((node) => markersFromError({ ...error, details: { node } }, source));
}

/**
 * A node that reads module constants or helpers keeps its cache when they change, as in Hamilton
 * (the tutorial's "Changing external data"): say so where the node is defined.
 */
export function usesWarnings(analysis: Analysis | undefined, source: string): EditorMarker[] {
  const lines = source.split("\n");
  return (analysis?.nodes ?? [])
    .filter((n) => n.moduleIndex === 0 && n.uses.length > 0 && n.kind !== "loader-data")
    .map((n) => {
      const text = lines[n.line - 1] ?? "";
      const column = Math.max(1, text.indexOf(n.name.replace(/\.loader$/, "")) + 1);
      const names = n.uses.join(", ");
      return {
        line: n.line,
        column,
        endColumn: column + n.name.replace(/\.loader$/, "").length,
        severity: "warning" as const,
        message: `${n.name} reads ${names} from the module. Editing ${n.uses.length > 1 ? "them" : "it"} does not change ${n.name}'s code version, so its cached result is kept (as in Hamilton). Use cache({ behavior: "recompute" }) or make it an input to always see changes.`,
      };
    });
}

export function analysisMarkers(analysis: Analysis | undefined, source: string): EditorMarker[] {
  return [...(analysis?.errors ?? []).flatMap((e) => markersFor(e as WireError, source)), ...usesWarnings(analysis, source)];
}
