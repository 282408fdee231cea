import type { CacheBackend } from "./stores/backend";
import type { RunHead, RunRecord } from "./stores/runRecord";

/**
 * Runs that died (issue 11): a run holds a Web Lock (`navigator.locks`) from before its first
 * record is written until its last one is saved. The browser frees a lock when its tab, worker or
 * whole process goes away, so a `running` record whose lock is free belongs to a run that will
 * never finish: it is closed as interrupted. Without the Web Locks API (Node, old browsers) no lock
 * is held and no record is closed, since there is nothing to tell a live run from a dead one.
 */
export interface LockManagerLike {
  request(name: string, options: { mode?: "exclusive" | "shared"; ifAvailable?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown>;
}

function lockManager(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

/** One lock per run and cache: runs of other databases never collide. */
export function runLockName(cacheName: string, runId: string): string {
  return `sluice-run:${cacheName}:${runId}`;
}

/**
 * Takes the run's lock; resolves, once granted, to the function that frees it. Where locks can't
 * be had (Node; an opaque-origin realm, whose lock requests are refused), it holds nothing: the
 * engine worker then holds the lock for the realm's run (see realm/serveBackend.ts).
 */
export async function holdRunLock(name: string): Promise<() => void> {
  const locks = lockManager();
  if (!locks) return () => undefined;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const granted = await new Promise<boolean>((resolve) => {
    locks.request(name, { mode: "exclusive" }, () => (resolve(true), held)).catch(() => resolve(false));
  });
  return granted ? release : () => undefined;
}

/** Whether some live tab or worker holds the lock; undefined when locks can't be asked. */
export async function isLockHeld(name: string): Promise<boolean | undefined> {
  const locks = lockManager();
  if (!locks) return undefined;
  // Granted at once when free (null when someone holds it); a free lock is let go straight away.
  return (await locks.request(name, { ifAvailable: true }, (lock) => lock === null)) as boolean;
}

// A tab whose node code exhausts memory is ended whole by the browser (Chromium's V8 cannot end
// just the worker), so that is said too: it is the one way node code can close the tab.
const INTERRUPTED = "Interrupted: the tab or browser running it closed or crashed before it finished (a node that uses up memory crashes the tab)";

/**
 * Closes `running` records whose run is gone. What the run stored before it died is known, not
 * guessed: the metadata entries it wrote name each finished node and its data version.
 * Returns the list with closed records replaced.
 */
export async function closeStaleRuns<Run extends RunHead>(backend: CacheBackend, runs: readonly Run[]): Promise<(Run | RunRecord)[]> {
  const stale: Run[] = [];
  for (const run of runs) {
    if (run.status === "running" && (await isLockHeld(runLockName(backend.name, run.runId))) === false) stale.push(run);
  }
  if (stale.length === 0) return [...runs];
  const ids = new Set<string>(stale.map((r) => r.runId));
  const entries = (await backend.metadataStore.entries()).filter((e) => ids.has(e.runId));
  const closed = new Map<string, RunRecord>();
  for (const run of stale) {
    // Closed meanwhile (a page telling how its stopped run ended knows better): leave it.
    const current = await backend.runLog.get(run.runId);
    if (current?.status !== "running") continue;
    const stored = new Map(entries.filter((e) => e.runId === run.runId).map((e) => [e.nodeName, e]));
    const record: RunRecord = {
      ...current,
      status: "interrupted",
      nodes: current.nodes.map((node) => {
        const entry = stored.get(node.name);
        return entry ? { ...node, status: "executed", dataVersion: entry.dataVersion, cacheKey: entry.cacheKey } : node;
      }),
      error: { code: "INTERRUPTED", message: INTERRUPTED },
    };
    await backend.runLog.put(record);
    closed.set(run.runId, record);
  }
  // Records skipped above are listed as they now stand.
  return Promise.all(runs.map(async (run) => closed.get(run.runId) ?? (ids.has(run.runId) ? ((await backend.runLog.get(run.runId)) ?? run) : run)));
}
