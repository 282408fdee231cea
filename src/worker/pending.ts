import { EngineClientError } from "./errors";
import type { LogLine, NodeProgress, WireError } from "./protocol";

export interface Pending {
  resolve(value: unknown): void;
  reject(error: EngineClientError): void;
  onProgress?(progress: NodeProgress): void;
  onLog?(log: LogLine): void;
  onUpload?(loaded: number, total: number): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** Requests waiting for the worker, by id. Settling one always clears its deadline. */
export function createPendingTable() {
  const table = new Map<number, Pending>();
  let nextId = 1;

  function take(id: number): Pending | undefined {
    const entry = table.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      table.delete(id);
    }
    return entry;
  }

  return {
    add(entry: Pending, timeoutMs: number | undefined, what: string): number {
      const id = nextId++;
      if (timeoutMs !== undefined) {
        entry.timer = setTimeout(() => take(id)?.reject(EngineClientError.of("TIMEOUT", `${what} took longer than ${timeoutMs / 1000}s`)), timeoutMs);
      }
      table.set(id, entry);
      return id;
    },
    get: (id: number) => table.get(id),
    resolve(id: number, value: unknown): void {
      take(id)?.resolve(value);
    },
    reject(id: number, error: WireError): void {
      take(id)?.reject(new EngineClientError(error));
    },
    /** When the worker goes away, everything it owed fails with one reason. */
    rejectAll(error: EngineClientError): void {
      for (const id of [...table.keys()]) take(id)?.reject(error);
    },
  };
}
