import { isSluiceError } from "../engine";
import { isEngineClientError } from "./errors";
import type { WireError } from "./protocol";

/** Errors cross the boundary as plain data: the code and details survive, the class does not. */
export function toWireError(error: unknown): WireError {
  // An error the compute realm already put on the wire keeps its code.
  if (isEngineClientError(error)) return error.toWire();
  if (isSluiceError(error)) {
    const { code, message, details } = error.toJSON();
    const { node, input, option, line, column, cycle, originalStack, file, format, detail } = details;
    return { code, message, details: { node, input, option, line, column, cycle, originalStack, file, format, detail } };
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return { code: "INTERNAL", message, details: { originalStack: stack } };
}
