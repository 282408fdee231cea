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
 * TypeScript to JavaScript, keeping ES module syntax and line numbers, so the analysis sees
 * the same lines the user wrote. Types never reach the code version: they don't change what runs.
 */
export function stripTypes(source: string, moduleIndex = 0): string {
  try {
    return transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
  } catch (error) {
    throw syntaxError(error, moduleIndex);
  }
}

/** ES module to a CommonJS body that `new Function("require", "exports", ...)` can run. */
export function toCommonJs(javascript: string, moduleIndex = 0): string {
  try {
    return transform(javascript, { transforms: ["imports"], disableESTransforms: true }).code;
  } catch (error) {
    throw syntaxError(error, moduleIndex);
  }
}
