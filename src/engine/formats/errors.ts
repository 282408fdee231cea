import { SluiceError } from "../errors";
import type { StorageFormat } from "../types";

/**
 * Who a codec is working for, so its errors can name them: a node of the dataflow (result
 * store) or a file of the file area.
 */
export interface Subject {
  /** `node \`processed_data\`` or `file \`saved.parquet\``, used in messages. */
  label: string;
  node?: string;
  /** For a file of the file area: its name (its read errors are BAD_FILE, files/problems.ts). */
  file?: string;
}

export const nodeSubject = (node: string): Subject => ({ label: `node \`${node}\``, node });
export const fileSubject = (name: string): Subject => ({ label: `file \`${name}\``, file: name });

/** A value the format cannot hold faithfully: the user's choice of format, so BAD_OPTION. */
export function cannotHold(subject: Subject, format: StorageFormat | "bin", why: string, cause?: unknown): SluiceError {
  return new SluiceError(
    "BAD_OPTION",
    `The value of ${subject.label} cannot be stored as format \`${format}\`: ${why}`,
    { node: subject.node, option: "format", cause },
  );
}

/** `files.read(name, { columns })` naming columns the file lacks: said with the ones it has. */
export function noSuchColumns(subject: Subject, missing: readonly string[], names: readonly string[]): SluiceError {
  const label = subject.label[0].toUpperCase() + subject.label.slice(1);
  const list = (cs: readonly string[]) => cs.map((c) => `\`${c}\``).join(", ");
  return new SluiceError("BAD_OPTION", `${label} has no column ${list(missing)} (it has ${list(names)})`, { option: "columns" });
}

/** Bytes that do not decode as the format claims (a corrupt or mislabelled file). */
export function cannotRead(subject: Subject, format: StorageFormat | "bin", cause: unknown): SluiceError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new SluiceError("STORAGE", `Could not read ${subject.label} as \`${format}\`: ${why}`, {
    node: subject.node,
    cause,
  });
}

/**
 * Where a value stops being faithful JSON, as a path like `$.rows[3].when (Date)`, or
 * undefined when JSON.parse(JSON.stringify(v)) would give it back unchanged.
 */
export function jsonProblem(value: unknown, path = "$", seen = new Set<object>()): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${path} (${value})`;
  if (typeof value !== "object") return `${path} (${typeof value})`;
  if (seen.has(value)) return `${path} (a cycle)`;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    seen.add(value);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return `${path}[${i}] (a hole)`;
      const problem = jsonProblem(value[i], `${path}[${i}]`, seen);
      if (problem) return problem;
    }
    seen.delete(value);
    return undefined;
  }
  if (proto !== Object.prototype && proto !== null) return `${path} (${value.constructor?.name ?? "object"})`;
  if ("toJSON" in value) return `${path} (has toJSON)`;
  seen.add(value);
  for (const [key, v] of Object.entries(value)) {
    const problem = jsonProblem(v, `${path}.${key}`, seen);
    if (problem) return problem;
  }
  seen.delete(value);
  return undefined;
}
