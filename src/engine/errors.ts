export type ErrorCode =
  | "SYNTAX"
  | "CYCLE"
  | "MISSING_INPUT"
  | "UNKNOWN_OUTPUT"
  | "DUPLICATE_NODE"
  | "NODE_FAILED"
  | "CANCELLED"
  | "BAD_OPTION"
  | "STORAGE"
  /** Node code asked for a URL whose origin the visitor refused (or was not asked about). */
  | "NETWORK_DENIED"
  /** A file (uploaded, fetched, or written by a tool) whose bytes are not what its format says. */
  | "BAD_FILE";

export interface SluiceErrorDetails {
  node?: string;
  input?: string;
  option?: string;
  line?: number;
  column?: number;
  cycle?: string[];
  cause?: unknown;
  /** STORAGE: a stored result whose bytes no longer match its version (it has been dropped). */
  corrupt?: boolean;
  /** STORAGE when a run's results could not be stored: the values it computed all the same. */
  results?: Record<string, unknown>;
  /** The original error's stack, for NODE_FAILED. */
  originalStack?: string;
  /** BAD_FILE: the file, the format it was read as, and the decoding library's own words. */
  file?: string;
  format?: string;
  detail?: string;
}

/**
 * Every error a user can cause. Tests and the UI switch on `code`, never on the text.
 * @example throw new SluiceError("MISSING_INPUT", "Input `cutoff_date` is required by processed_data", { input: "cutoff_date" })
 */
export class SluiceError extends Error {
  readonly code: ErrorCode;
  readonly details: SluiceErrorDetails;

  constructor(code: ErrorCode, message: string, details: SluiceErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "SluiceError";
    this.code = code;
    this.details = details;
  }

  /** Shortcuts to the details most checks want. */
  get node(): string | undefined {
    return this.details.node;
  }
  get line(): number | undefined {
    return this.details.line;
  }
  get column(): number | undefined {
    return this.details.column;
  }

  toJSON(): { code: ErrorCode; message: string; details: SluiceErrorDetails } {
    const { cause: _cause, results: _results, ...rest } = this.details;
    return { code: this.code, message: this.message, details: rest };
  }
}

export function isSluiceError(error: unknown): error is SluiceError {
  return error instanceof SluiceError;
}

export function assertNever(value: never, what = "value"): never {
  throw new Error(`Unexpected ${what}: ${String(value)}`);
}
