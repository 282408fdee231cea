import { encodeResult, isTable } from "../formats";
import { ARROW_EXACT } from "../formats/native";
import { SluiceError, isSluiceError } from "../errors";
import type { StoredResult } from "../stores/types";
import type { DataVersion, StorageFormat } from "../types";
import { fingerprint, hashedKinds, type Fingerprint } from "../versioning/fingerprint";
import { expectedHere, sendable, startEarly, takeEarly } from "./early";
import { FINGERPRINT_CELLS_PER_MS, tableCells } from "./pricing";
import { columnsMentioned } from "./columns";
import { nextTask } from "./tasks";
import { materialize, sealVersion, type Run } from "./run";
import type { NodeState } from "./types";
import type { PendingResult } from "./writeQueue";

/** What a node threw, in words: code may throw anything, and `[object Object]` says nothing. */
function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const said = (error as { message?: unknown }).message;
  if (typeof said === "string") return { message: said };
  try {
    const text = JSON.stringify(error);
    if (text !== undefined) return { message: text.length > 500 ? `${text.slice(0, 500)}…` : text };
  } catch {
    // a cycle or a throwing getter: fall through to its tag
  }
  return { message: Object.prototype.toString.call(error) };
}

/**
 * Posts enough of the calls waiting for a worker to keep each busy for about `busyMs`, before this
 * thread is taken that long by a node that runs here or by a fingerprint: this thread is the one
 * that hands calls out, and cannot until it is done. At 1M rows the two workers answered a stat each (~5 ms) and then waited out the ~100 ms
 * of `amount_per_country` here, or of `processed_data`'s fingerprint.
 */
function handOut(run: Run, busyMs: () => number | undefined): Promise<void> | undefined {
  const pool = run.options.pool;
  if (!pool || pool.size <= 1 || !pool.flush) return undefined;
  const ms = busyMs();
  const posting = ms ? pool.flush(ms) : undefined;
  // A Stop while they are handed out (it is what ends them) starts nothing after: not the node, not its fingerprint.
  return posting?.then(() => run.untilCancelled(Promise.resolve()));
}

/** The node's value, and its fingerprint when a pool worker took it (of the value as returned). */
async function callNode(run: Run, name: string): Promise<{ value: unknown; fingerprint?: Fingerprint; durationMs?: number; startWaitMs?: number }> {
  const { program } = run.settings;
  const node = program.flow.nodes.get(name)!;
  const args = [];
  for (const param of node.params) args.push(await run.argument(param.name));
  run.emit(name, "adapter", "execute_node");
  const pool = run.options.pool;
  const early = takeEarly(run, name);
  if (early) {
    const pooled = await run.untilCancelled(early);
    if (pooled) return pooled;
  }
  // Loaders, savers and SQL nodes stay here: they reach the file area, the network and DuckDB, which only the realm has.
  else if (pool && pool.size > 1 && node.kind === "function" && !node.sql) {
    const reads = columnsMentioned(program.fn(name));
    if (sendable(run, name, args, reads)) {
      const pooled = await run.untilCancelled(pool.run({ node: name, args, expectedMs: run.options.expectedMs?.[name], signal: run.options.signal, versioned: run.settings.caching, reads }));
      if (pooled) return pooled;
    }
  }
  // Not awaited when there is nothing to hand out: a 500-node chain's extra turns cost ~0.1 ms a node.
  const handing = handOut(run, () => expectedHere(run, name));
  if (handing) await run.untilCancelled(handing);
  const started = performance.now();
  const returned = program.fn(name)(...args);
  const ranFor = performance.now() - started;
  const value = await run.untilCancelled(Promise.resolve(returned));
  await program.sluice.settle();
  // A SQL node's first query of the session also waited for DuckDB to start: not its own time.
  const waited = program.engineStartMs(value);
  if (!pool || pool.size <= 1) return { value, startWaitMs: waited };
  // The node's own time. Nodes started at once here wait for each other's turns on this thread,
  // and each one's wall time counted all of theirs: at 10k rows twenty 0.4 ms stats each took
  // "13–20 ms", long enough to be sent to a worker the next run. A promise's wait still counts.
  const pending = typeof (returned as { then?: unknown } | null)?.then === "function";
  const durationMs = Math.max(0, (pending ? performance.now() - started : ranFor) - waited);
  pool.ranHere?.(name, value, durationMs);
  return { value, durationMs };
}

/** Marks the node failed, logs it and returns the error to throw: named, with the original stack. */
function failure(run: Run, state: NodeState, error: unknown): SluiceError {
  const { message, stack } = describe(error);
  const name = state.name;
  state.status = "failed";
  state.error = { code: isSluiceError(error) ? error.code : "NODE_FAILED", message, stack };
  run.emit(name, "adapter", "failed_execution", message, stack);
  run.progress(state);
  if (isSluiceError(error) && error.code !== "NODE_FAILED") {
    // A storage or format problem keeps its code and gains the node's name.
    const text = message.includes(`\`${name}\``) ? message : `Node \`${name}\`: ${message}`;
    return new SluiceError(error.code, text, { ...error.details, node: name, cause: error, originalStack: stack });
  }
  return new SluiceError("NODE_FAILED", `Node \`${name}\` failed: ${message}`, { node: name, cause: error, originalStack: stack });
}

/**
 * The result to store, or undefined when the store already holds it in this format. A native
 * table whose columns are all of flat kinds always encodes (as Arrow, or as data where Arrow
 * refuses a cell), so its encoding waits for the write queue, which makes it only if the store
 * lacks it and drops it once written. (Arquero tables are immutable; code that writes into a
 * column array it was given would change the value its version was taken from, stored or not.)
 * Anything else is encoded now, so that a format that can't hold the value fails this node, not a
 * later write; the store's answer waits for the write for native results, as they are cheap, and
 * is asked first for other formats, which are costly to encode.
 */
async function resultToStore(run: Run, name: string, value: unknown, dataVersion: DataVersion, format: StorageFormat): Promise<PendingResult | undefined> {
  const exists = format === "native" ? run.lookup.knownFormat(dataVersion) === format : await run.lookup.hasResult(dataVersion, format);
  // A value a published layer holds is still stored here: the layer is not the visitor's cache.
  if (exists && run.lookup.from(dataVersion) === undefined) return undefined;
  const table = isTable(value) ? value : undefined;
  const kinds = table && hashedKinds(table);
  const grouped = table?.isGrouped() ? { groupby: table.groups()!.names } : {};
  const { compression } = run.settings.program.options(name);
  const encode = async (): Promise<StoredResult> => ({ ...(await encodeResult(value, format, name, { kinds, compression })), ...grouped, dataVersion, createdAt: Date.now() });
  if (format === "native" && kinds && Object.values(kinds).every((kind) => ARROW_EXACT.has(kind))) return { dataVersion, format, body: encode };
  let stored = await encode();
  // Encoded again only if a write handed these bytes to another realm and then failed.
  const intact = () => stored.bytes === undefined || stored.byteLength === 0 || stored.bytes.buffer.byteLength > 0;
  return { dataVersion, format, body: async () => (intact() ? stored : (stored = await encode())) };
}

/** Runs a node's function, versions the value and queues its storage; any failure fails the run. */
export async function executeNode(run: Run, name: string): Promise<void> {
  const { program } = run.settings;
  const state = run.states.get(name)!;
  const node = program.flow.nodes.get(name)!;
  state.status = "executed";
  run.progress(state, { status: "running" });
  const started = performance.now();
  const format: StorageFormat = program.options(name).format ?? node.format ?? "native";
  const storing = state.behavior === "default" || state.behavior === "recompute";
  let value: unknown;
  let fp: Fingerprint | undefined;
  let pending: PendingResult | undefined;
  try {
    const called = await callNode(run, name);
    value = called.value;
    state.durationMs = called.durationMs ?? Math.max(0, performance.now() - started - (called.startWaitMs ?? 0));
    state.value = { value };
    // Its dependants may start on workers while its fingerprint is taken here (early.ts).
    // The calls pack and go before the fingerprint starts: its columns would go first otherwise
    // (each awaits, and the pool's turn comes after), ~60 ms at 1M rows.
    if (startEarly(run, name)) await nextTask();
    // Without withCache() nothing is versioned: no key needs the value's fingerprint.
    if (run.settings.caching) {
      const handing = called.fingerprint ? undefined : handOut(run, () => tableCells([value]) / FINGERPRINT_CELLS_PER_MS);
      if (handing) await run.untilCancelled(handing);
      fp = called.fingerprint ?? (await fingerprint(value));
      if (fp.unhashable) run.emit(name, "adapter", "unhashable_data_version", undefined, fp.dataVersion);
      state.dataVersion = fp.dataVersion;
      run.emit(name, "adapter", "set_data_version", undefined, fp.dataVersion);
    }
    sealVersion(state);
    if (fp && !fp.unhashable && storing) run.computed.set(fp.dataVersion, value);
    // Only the native format gives back exactly what was computed; a read of another would not.
    if (storing && fp && !fp.unhashable && format === "native") run.options.keepValue?.(name, fp.dataVersion, value);
    if (storing && fp && !fp.unhashable) pending = await resultToStore(run, name, value, fp.dataVersion, format);
  } catch (error) {
    state.durationMs ??= performance.now() - started;
    state.value = undefined;
    throw failure(run, state, error);
  }
  if (!storing || !fp || fp.unhashable) {
    if (fp) run.options.onUnstored?.(name, fp.dataVersion, value);
    run.progress(state);
    return;
  }
  const dataVersion = fp.dataVersion;
  run.writes.push({
    node: name,
    result: pending,
    entry: { cacheKey: state.cacheKey!, dataVersion, nodeName: name, codeVersion: node.codeVersion, runId: run.runId, updatedAt: Date.now() },
    done(stored) {
      run.lookup.remember(dataVersion, format);
      if (stored) {
        run.stored++;
        run.emit(name, "result_store", "set_result", undefined, `${dataVersion} (${format})`);
      }
      run.emit(name, "metadata_store", "set_data_version", undefined, dataVersion);
      // Reported once stored: a node shown as done survives a Stop that kills the worker.
      if (!run.answersEarly) run.progress(state);
    },
    failed() {
      if (!run.answersEarly) run.progress(state);
    },
  });
  // A run that answers before it writes reports a node done when its value is known: its
  // writes wait for the last node, and the page shows what computed meanwhile.
  if (run.answersEarly) run.progress(state);
}

export { materialize };
