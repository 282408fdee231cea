import fc from "fast-check";
import { isSluiceError } from "../errors";

/**
 * Fuzzing with fast-check: a fixed seed and a bounded count in `npm test` (a few seconds a
 * suite), many more with `npm run fuzz` (FUZZ_RUNS, FUZZ_SEED). An input that once failed is kept
 * in `src/engine/testing/fuzz-corpus/` and replayed first by every run.
 */
// The engine is typed without Node's globals: its tests read the environment through globalThis.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
export const FUZZ_SEED = Number(env.FUZZ_SEED ?? 20261206);
export const fuzzRuns = (base: number) => Math.round(base * Number(env.FUZZ_RUNS ?? 1));
export const fuzzParams = (base: number): fc.Parameters<unknown> => ({ seed: FUZZ_SEED, numRuns: fuzzRuns(base), endOnFailure: true });

/** How long one input may take before it counts as a hang. */
export const HANG_MS = Number(env.FUZZ_HANG_MS ?? 3000);

/**
 * The property every decoder and parser keeps: the input gives a value or a coded error (a
 * SluiceError, or what `isAnswer` accepts), within HANG_MS. Anything else is returned as the
 * failure's description.
 */
export async function settlesCoded(work: () => unknown, isAnswer: (value: unknown) => boolean = () => true): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${HANG_MS} ms`), HANG_MS)));
  const answer = (async () => {
    try {
      const value = await work();
      return isAnswer(value) ? undefined : `an unexpected answer: ${String(value).slice(0, 200)}`;
    } catch (error) {
      return isSluiceError(error) ? undefined : `an uncoded ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`;
    }
  })();
  try {
    return await Promise.race([answer, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Bytes like a damaged copy of `valid`: cut off, a span overwritten, bytes flipped, or spliced. */
export function damaged(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = valid.length;
  return fc.oneof(
    fc.integer({ min: 0, max: n }).map((at) => valid.slice(0, at)),
    fc.tuple(fc.integer({ min: 0, max: Math.max(0, n - 1) }), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, junk]) => {
      const out = valid.slice();
      out.set(junk.subarray(0, Math.max(0, n - at)), at);
      return out;
    }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: Math.max(0, n - 1) }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const out = valid.slice();
      for (const [at, bits] of flips) out[at] ^= bits;
      return out;
    }),
    fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n })).map(([a, b]) => {
      const [from, to] = a < b ? [a, b] : [b, a];
      const out = new Uint8Array(n - (to - from));
      out.set(valid.subarray(0, from));
      out.set(valid.subarray(to), from);
      return out;
    }),
  );
}

/** Random bytes, and random bytes that start like the format (so they get past the magic check). */
export function junk(prefix: Uint8Array = new Uint8Array(), suffix: Uint8Array = new Uint8Array()): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ maxLength: 4096 }).map((body) => {
    const out = new Uint8Array(prefix.length + body.length + suffix.length);
    out.set(prefix);
    out.set(body, prefix.length);
    out.set(suffix, prefix.length + body.length);
    return out;
  });
}
