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

export function analysisMarkers(analysis: Analysis | undefined, source: string): EditorMarker[] {
  return (analysis?.errors ?? []).flatMap((e) => markersFor(e as WireError, source));
}
