import type { EditorMarker } from "./types";

/** The shape of an engine error once it has crossed the worker boundary (SluiceError.toJSON()). */
export interface ErrorLike {
  code?: string;
  message: string;
  details?: { node?: string; line?: number; column?: number };
}

/** The 1-based line where `node` is defined, so an error naming a node can point at it. */
export function nodeLine(source: string, node: string): number | undefined {
  const name = node.replace(/\.loader$/, "").replace(/[$]/g, "\\$");
  const def = new RegExp(`^\\s*export\\s+(?:async\\s+)?(?:function\\s*\\*?\\s*|const\\s+|let\\s+|var\\s+)${name}\\b`);
  const index = source.split("\n").findIndex((line) => def.test(line));
  return index < 0 ? undefined : index + 1;
}

/**
 * Turns an engine error into editor markers: at its line and column when it has them (SYNTAX),
 * else at the definition of the node it names, else none (the error is shown elsewhere).
 * @example markersFromError({ code: "SYNTAX", message: "Unexpected token", details: { line: 3, column: 7 } })
 */
export function markersFromError(error: ErrorLike, source = ""): EditorMarker[] {
  const message = error.code ? `${error.code}: ${error.message}` : error.message;
  const { line, column, node } = error.details ?? {};
  if (line !== undefined) return [{ line, column: column ?? 1, message, severity: "error" }];
  const at = node === undefined ? undefined : nodeLine(source, node);
  return at === undefined ? [] : [{ line: at, column: 1, message, severity: "error" }];
}
