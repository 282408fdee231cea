import { createXXHash128, type IHasher } from "hash-wasm";

/**
 * xxhash128 hashers, reused. hash-wasm gives every `createXXHash128()` its own WebAssembly
 * instance and memory, made one at a time behind a lock: a run made one per value it versioned
 * (three per table), which the compute realm's profile of a cold 10k-row run showed as
 * `instantiate`, 26–260 ms of its CPU on a loaded machine. A hasher is taken for one digest
 * (init → update… → digest) and given back after; digests that run at once each take their own.
 */
const free: IHasher[] = [];
/** Enough for the nesting a value's walk makes (a table's two, a map's members); the rest are dropped. */
const KEPT = 8;

export async function withHasher<T>(use: (hasher: IHasher) => Promise<T> | T): Promise<T> {
  const hasher = free.pop() ?? (await createXXHash128());
  hasher.init();
  try {
    return await use(hasher);
  } finally {
    if (free.length < KEPT) free.push(hasher);
  }
}
