import type { CacheBackend } from "../stores/backend";
import { makeRoom, type Eviction } from "../stores/evict";
import { sealed } from "../stores/integrity";
import { isQuota, storage } from "../stores/storageError";
import type { MetadataEntry, StoredResult } from "../stores/types";
import type { DataVersion, StorageFormat } from "../types";

/**
 * A result to store. Its body is asked for only once the queue knows the store lacks it (a native
 * table's Arrow bytes are encoded then, not on the critical path), checksummed here, and dropped
 * once written: nothing keeps a second copy of a table alive.
 */
export interface PendingResult {
  dataVersion: DataVersion;
  format: StorageFormat;
  body(): Promise<StoredResult>;
}

/** One node's storage: its result (unless the store holds it already) and then its metadata. */
export interface PendingWrite {
  node: string;
  result?: PendingResult;
  entry: MetadataEntry;
  /** Called once the entry is committed; `stored` says whether the result was written now. */
  done(stored: boolean): void;
  /** Called when it could not be stored (the value is still the run's). */
  failed?(): void;
}

type Stores = Pick<CacheBackend, "metadataStore" | "resultStore" | "storeBatch">;

export interface QueueHooks {
  /** Data versions the run still needs: never evicted to make room for its writes. */
  protect?(): ReadonlySet<string>;
  onEvict?(eviction: Eviction): void;
}

/**
 * Runs a write; when it fails for space, evicts least-recently-used results (never pinned ones,
 * never protected ones) and tries again, asking for twice as much each time, since a browser
 * may not hand freed space back at once. Fails only when nothing more may be evicted.
 */
async function withRoom<T>(stores: Stores, hooks: QueueHooks, bytes: () => number, op: () => Promise<T>): Promise<T> {
  let ask: number | undefined;
  for (;;) {
    try {
      return await op();
    } catch (error) {
      if (!isQuota(error)) throw error;
      ask ??= Math.max(bytes(), 1);
      const freed = await makeRoom(stores, ask, hooks.protect?.() ?? new Set());
      if (freed.dataVersions.length === 0) throw error;
      hooks.onEvict?.(freed);
      ask *= 2;
    }
  }
}

/** Bytes whose buffer was transferred to another realm are detached: zero-length. */
const transferredAway = (r: StoredResult): boolean => r.bytes !== undefined && r.byteLength > 0 && r.bytes.buffer.byteLength === 0;

const names = (batch: PendingWrite[]) => batch.map((w) => `\`${w.node}\``).join(", ");

async function alreadyStored({ resultStore }: Stores, results: PendingResult[]): Promise<boolean[]> {
  if (!resultStore.formats) return Promise.all(results.map((r) => resultStore.has(r.dataVersion, r.format)));
  const formats = await resultStore.formats(results.map((r) => r.dataVersion));
  return results.map((r, i) => formats[i] === r.format);
}

/** Results the store lacks, each data version once (two nodes may return the same value). */
async function freshResults(stores: Stores, batch: PendingWrite[]): Promise<Set<PendingResult>> {
  const results = batch.flatMap((w) => (w.result ? [w.result] : []));
  if (results.length === 0) return new Set();
  // Checked here, off the critical path, rather than with a round trip per executed node.
  const skip = await storage("look up results", () => alreadyStored(stores, results));
  const fresh = new Set<PendingResult>();
  const seen = new Set<string>();
  results.forEach((r, i) => {
    const id = `${r.dataVersion}\u0000${r.format}`;
    if (!skip[i] && !seen.has(id)) fresh.add(r);
    seen.add(id);
  });
  return fresh;
}

/**
 * Bodies cross to a store in another realm as they are made, in groups of about this many bytes:
 * the engine worker stores one while the next is encoded here (a 1M-row run's two tables are
 * ~19 MB each), and each leaves this realm's memory as soon as it is sent.
 */
const SEND_BYTES = 1 << 20;

/**
 * A backend in another realm: the results, sent as their bodies are made, then (once all are
 * stored) the last ones with the batch's entries in one call (`storeBatch`). A small batch is
 * that one call.
 */
async function sendThenRecord(stores: Stores, fresh: readonly PendingResult[], entries: MetadataEntry[], made: Map<PendingResult, StoredResult>): Promise<void> {
  const { resultStore } = stores;
  const sent: Promise<void>[] = [];
  let group: StoredResult[] = [];
  let size = 0;
  for (const result of fresh) {
    let body = made.get(result);
    // A store in another realm takes the bytes by transfer: after a failed attempt (a full
    // disk, then eviction) they are gone here, and must be made again, not sent empty.
    if (!body || transferredAway(body)) made.set(result, (body = await sealed(await result.body())));
    group.push(body);
    size += body.byteLength;
    if (size >= SEND_BYTES && resultStore.setMany) {
      const sending = resultStore.setMany(group);
      sending.catch(() => undefined); // reported by the Promise.all below
      sent.push(sending);
      group = [];
      size = 0;
    }
  }
  await Promise.all(sent);
  await stores.storeBatch!(group, entries);
}

/**
 * Results before metadata, a batch at a time: the batch's results commit in one transaction,
 * then its entries in another, so a key never points at a result that isn't wholly stored. A
 * backend in another realm takes them as they are made and the entries last (`sendThenRecord`).
 */
async function commit(stores: Stores, hooks: QueueHooks, batch: PendingWrite[]): Promise<void> {
  const { metadataStore, resultStore } = stores;
  const fresh = await freshResults(stores, batch);
  const entries = batch.map((w) => w.entry);
  const stored = names(batch.filter((w) => w.result && fresh.has(w.result)));
  if (stores.storeBatch) {
    const made = new Map<PendingResult, StoredResult>();
    const bytes = () => [...made.values()].reduce((sum, r) => sum + r.byteLength, 0) + 1024 * batch.length;
    const what = fresh.size > 0 ? `store the result of ${stored}` : `record the cache key of ${names(batch)}`;
    await storage(what, () => withRoom(stores, hooks, bytes, () => sendThenRecord(stores, [...fresh], entries, made)));
  } else {
    const makeBodies = () => Promise.all([...fresh].map(async (r) => sealed(await r.body())));
    let bodies = await makeBodies();
    if (fresh.size > 0) {
      await storage(`store the result of ${stored}`, () =>
        withRoom(stores, hooks, () => bodies.reduce((sum, r) => sum + r.byteLength, 0), async () => {
          // A store that takes the bytes by transfer leaves none here after a failed attempt.
          if (bodies.some(transferredAway)) bodies = await makeBodies();
          if (resultStore.setMany) await resultStore.setMany(bodies);
          else for (const r of bodies) await resultStore.set(r);
        }),
      );
    }
    await storage(`record the cache key of ${names(batch)}`, () =>
      withRoom(stores, hooks, () => 1024 * batch.length, async () => {
        if (metadataStore.setMany) await metadataStore.setMany(entries);
        else for (const entry of entries) await metadataStore.set(entry);
      }),
    );
  }
  for (const w of batch) w.done(w.result !== undefined && fresh.has(w.result));
}

/** How often a run holding its writes looks for an idle thread, and how late a timer may fire and still count as idle. */
const IDLE_PROBE_MS = 100;
const ON_TIME_MS = 20;

/**
 * Calls `onIdle` whenever a timer fires on time: the thread had nothing to do (a node awaiting a
 * timer, the network, a file). Node code that keeps the thread busy makes the timer late, and then
 * nothing is called. Returns the function that stops watching.
 */
function watchIdle(onIdle: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  let due = 0;
  const arm = () => {
    due = performance.now() + IDLE_PROBE_MS;
    timer = setTimeout(check, IDLE_PROBE_MS);
  };
  const check = () => {
    if (performance.now() - due <= ON_TIME_MS) onIdle();
    arm();
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * Stores results off the critical path: the first write starts at once, and writes that arrive
 * while it is in flight are batched behind it, in order, while the next nodes compute (a 500-node
 * chain made 1,000 transactions, now a few dozen). `held`: nothing is written (nor encoded) until
 * `drain`, so that storage never competes with node code for the thread; a run that answers
 * before its writes are durable holds them until it has answered, except while the thread is
 * idle (see `watchIdle`). A failed batch is retried node
 * by node, so whatever can be stored is. A failure does not stop the run (its values are still
 * computed and returned with the error); `drain` reports the first one. The run drains the queue
 * before it commits its log.
 */
export function createWriteQueue(stores: Stores, hooks: QueueHooks = {}, options: { held?: boolean; order?: (write: PendingWrite) => number } = {}) {
  let held = options.held ?? false;
  const pending: PendingWrite[] = [];
  let flushing: Promise<void> | undefined;
  let failure: unknown;
  // Held writes that may go out now: those queued before the thread was last seen idle. A run
  // that waits (a slow fetch, a timer) thus stores what it has computed, and a tab killed during
  // the wait keeps it; a run whose nodes keep the thread busy writes nothing before its answer.
  let released = 0;
  // An ordered queue (a parallel run's) writes only at `drain`, in its order: which of two nodes
  // with the same value stores it is then the one-worker run's answer, not a race's.
  const stopWatching = held && !options.order
    ? watchIdle(() => {
        released = pending.length;
        if (released > 0) flushing ??= flush();
      })
    : () => undefined;

  async function flush(): Promise<void> {
    for (;;) {
      const count = held ? Math.min(released, pending.length) : pending.length;
      if (count === 0) break;
      const batch = pending.splice(0, count);
      released = Math.max(0, released - count);
      const lost = (write: PendingWrite, error: unknown) => {
        failure ??= error;
        write.failed?.();
      };
      try {
        await commit(stores, hooks, batch);
      } catch (error) {
        if (batch.length === 1) lost(batch[0], error);
        else for (const write of batch) await commit(stores, hooks, [write]).catch((e: unknown) => lost(write, e));
      }
    }
    flushing = undefined;
  }

  return {
    push(write: PendingWrite): void {
      pending.push(write);
      if (!held) flushing ??= flush();
    },
    /** Writes everything queued (held writes too) and reports the first failure. */
    async drain(): Promise<void> {
      held = false;
      stopWatching();
      const order = options.order;
      if (order && !flushing) pending.sort((a, b) => order(a) - order(b));
      if (pending.length > 0) flushing ??= flush();
      while (flushing) await flushing;
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
