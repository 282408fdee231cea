import type { CacheBackend } from "../stores/backend";
import { storage } from "../stores/storageError";
import type { MetadataEntry, StoredResult } from "../stores/types";

/** One node's storage: its result (unless the store holds it already) and then its metadata. */
export interface PendingWrite {
  node: string;
  result?: StoredResult;
  entry: MetadataEntry;
  /** Called once the entry is committed; `stored` says whether the result was written now. */
  done(stored: boolean): void;
}

type Stores = Pick<CacheBackend, "metadataStore" | "resultStore">;

const names = (batch: PendingWrite[]) => batch.map((w) => `\`${w.node}\``).join(", ");

async function alreadyStored({ resultStore }: Stores, results: StoredResult[]): Promise<boolean[]> {
  if (!resultStore.formats) return Promise.all(results.map((r) => resultStore.has(r.dataVersion, r.format)));
  const formats = await resultStore.formats(results.map((r) => r.dataVersion));
  return results.map((r, i) => formats[i] === r.format);
}

/**
 * Results before metadata, a batch at a time: the batch's results commit in one transaction,
 * then its entries in another, so a key never points at a result that isn't wholly stored.
 */
async function commit(stores: Stores, batch: PendingWrite[]): Promise<void> {
  const { metadataStore, resultStore } = stores;
  const results = batch.flatMap((w) => (w.result ? [w.result] : []));
  // Checked here, off the critical path, rather than with a round trip per executed node.
  const skip = await storage("look up results", () => alreadyStored(stores, results));
  const fresh = new Set(results.filter((_, i) => !skip[i]));
  if (fresh.size > 0) {
    await storage(`store the result of ${names(batch.filter((w) => w.result && fresh.has(w.result)))}`, async () => {
      if (resultStore.setMany) await resultStore.setMany([...fresh]);
      else for (const r of fresh) await resultStore.set(r);
    });
  }
  await storage(`record the cache key of ${names(batch)}`, async () => {
    if (metadataStore.setMany) await metadataStore.setMany(batch.map((w) => w.entry));
    else for (const w of batch) await metadataStore.set(w.entry);
  });
  for (const w of batch) w.done(w.result !== undefined && fresh.has(w.result));
}

/**
 * Stores results off the critical path: the first write starts at once, and writes that arrive
 * while it is in flight are batched behind it, in order, while the next nodes compute (a 500-node
 * chain made 1,000 transactions, now a few dozen). A failed batch is retried node by node, so
 * whatever can be stored is, and the first failure fails the run. The run drains the queue
 * before it commits its log.
 */
export function createWriteQueue(stores: Stores) {
  let pending: PendingWrite[] = [];
  let flushing: Promise<void> | undefined;
  let failure: unknown;

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await commit(stores, batch);
      } catch (error) {
        if (batch.length === 1) failure ??= error;
        else for (const write of batch) await commit(stores, [write]).catch((e: unknown) => void (failure ??= e));
      }
    }
    flushing = undefined;
  }

  return {
    push(write: PendingWrite): void {
      pending.push(write);
      flushing ??= flush();
    },
    /** Fails fast: a run stops at the first failed write instead of computing on. */
    check(): void {
      if (failure !== undefined) throw failure;
    },
    async drain(): Promise<void> {
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
