import { transform } from "sucrase";
import { SluiceError } from "../errors";

interface SucraseError extends Error {
  loc?: { line: number; column: number };
}

function syntaxError(error: unknown, moduleIndex: number): SluiceError {
  const loc = (error as SucraseError).loc;
  const message = error instanceof Error ? error.message : String(error);
  const where = loc ? ` at line ${loc.line}, column ${loc.column + 1}` : "";
  return new SluiceError("SYNTAX", `Syntax error in module ${moduleIndex + 1}${where}: ${message}`, {
    line: loc?.line,
    column: loc === undefined ? undefined : loc.column + 1,
    cause: error,
  });
}

/**
 * The largest module Sluice accepts, in characters (~2 MB of ASCII). Node code is read, parsed,
 * stored with every run record and sent to the realm on each change; a data file belongs in the
 * file area, not pasted into code.
 */
export const MAX_MODULE_CHARS = 2_000_000;

/** A module past MAX_MODULE_CHARS is refused before any parser sees it. */
export function checkModuleSize(source: string, moduleIndex = 0): void {
  if (source.length <= MAX_MODULE_CHARS) return;
  throw new SluiceError(
    "SYNTAX",
    `Module ${moduleIndex + 1} is ${source.length.toLocaleString("en-US")} characters; Sluice accepts modules up to ${MAX_MODULE_CHARS.toLocaleString("en-US")} (put data in a file and read it with files.read)`,
    { line: 1, column: 1 },
  );
}

/**
 * TypeScript to JavaScript, keeping ES module syntax and line numbers, so the analysis sees
 * the same lines the user wrote. Types never reach the code version: they don't change what runs.
 */
export function stripTypes(source: string, moduleIndex = 0): string {
  checkModuleSize(source, moduleIndex);
  try {
    return transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
  } catch (error) {
    throw syntaxError(error, moduleIndex);
  }
}

/**
 * Bodies by module text. Every build evaluates its modules afresh (module state never leaks from
 * one run into the next), but the transform is pure and took most of a build: ~5 ms of a warm
 * 10k-row run on an idle machine, 25 ms under load. Only successful transforms are kept.
 */
const bodies = new Map<string, string>();
const BODIES_KEPT = 16;

/** ES module to a CommonJS body that `new Function("require", "exports", ...)` can run. */
export function toCommonJs(javascript: string, moduleIndex = 0): string {
  const known = bodies.get(javascript);
  if (known !== undefined) return known;
  let code: string;
  try {
    code = transform(javascript, { transforms: ["imports"], disableESTransforms: true }).code;
  } catch (error) {
    throw syntaxError(error, moduleIndex);
  }
  if (bodies.size >= BODIES_KEPT) bodies.delete(bodies.keys().next().value!);
  bodies.set(javascript, code);
  return code;
}
