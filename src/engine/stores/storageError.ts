import { SluiceError } from "../errors";

/** A full disk or quota, as browsers (QuotaExceededError) and Dexie (its `inner`) report it. */
export function isQuota(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string }; cause?: unknown };
  if (e?.cause !== undefined && e.cause !== error && isQuota(e.cause)) return true;
  const names = [e?.name, e?.inner?.name];
  return names.some((name) => name?.includes("Quota"));
}

/** Any storage failure as a STORAGE error that says what happened (a full disk, a blocked database). */
export function storageError(what: string, error: unknown): SluiceError {
  if (error instanceof SluiceError) return error;
  const reason = isQuota(error)
    ? "the browser's storage quota is full, and no unpinned result was left to evict; unpin results, or free space in the Cache panel"
    : ((error as Error)?.message ?? String(error));
  return new SluiceError("STORAGE", `Could not ${what}: ${reason}`, { cause: error });
}

export async function storage<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw storageError(what, error);
  }
}
