import type { ClientErrorCode, WireError } from "./protocol";

/**
 * What client promises reject with: the worker's error as an Error that keeps its code.
 * Page-side only (no engine import), so the engine never lands in the main bundle.
 */
export class EngineClientError extends Error {
  readonly code: WireError["code"];
  readonly details: WireError["details"];

  constructor(error: WireError) {
    super(error.message);
    this.name = "EngineClientError";
    this.code = error.code;
    this.details = error.details;
  }

  static of(code: ClientErrorCode | "CANCELLED", message: string): EngineClientError {
    return new EngineClientError({ code, message, details: {} });
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isEngineClientError(error: unknown): error is EngineClientError {
  return error instanceof EngineClientError;
}

/** Any rejection as wire data, for state and display. */
export function asWireError(error: unknown): WireError {
  if (isEngineClientError(error)) return error.toWire();
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error), details: {} };
}
