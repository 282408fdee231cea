import { ColumnTable } from "arquero";
import { encodeResult, type EncodedResult } from "../formats";
import { SluiceError, isSluiceError } from "../errors";
import { checksumOf } from "../stores/integrity";
import type { StorageFormat } from "../types";
import { fingerprint, tableIpc, type Fingerprint } from "../versioning/fingerprint";
import { materialize, sealVersion, type Run } from "./run";
import type { NodeState } from "./types";

function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

async function callNode(run: Run, name: string): Promise<unknown> {
  const { program } = run.settings;
  const node = program.flow.nodes.get(name)!;
  const args = [];
  for (const param of node.params) args.push(await run.argument(param.name));
  run.emit(name, "adapter", "execute_node");
  const value = await program.fn(name)(...args);
  await program.sluice.settle();
  return value;
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

/** The encoded result to store, or undefined when the store already holds it in this format. */
async function encodeIfNew(run: Run, name: string, value: unknown, fp: Fingerprint, format: StorageFormat): Promise<EncodedResult | undefined> {
  // Native results (Arrow IPC already made for the fingerprint, or clone data) are cheap to
  // encode, so their "already stored?" check waits for the write, off the critical path;
  // other formats are costly to encode and are checked first.
  const exists =
    format === "native" ? run.lookup.knownFormat(fp.dataVersion) === format : await run.lookup.hasResult(fp.dataVersion, format);
  if (exists) return undefined;
  const table = value instanceof ColumnTable ? value : undefined;
  const ipc = table && tableIpc(table);
  const { compression } = run.settings.program.options(name);
  const encoded = await encodeResult(value, format, name, { ipc, compression });
  // Native table bytes are checked against the data version on read, which holds only when they
  // are the bytes the fingerprint hashed; any others (a table fingerprinted cell by cell) keep a checksum.
  const checksum = format === "native" && encoded.bytes && encoded.bytes !== ipc ? await checksumOf(encoded) : undefined;
  const grouped = table?.isGrouped() ? { groupby: table.groups()!.names } : {};
  return { ...encoded, ...grouped, ...(checksum ? { checksum } : {}) };
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
  let encoded: EncodedResult | undefined;
  try {
    value = await callNode(run, name);
    state.durationMs = performance.now() - started;
    state.value = { value };
    // Without withCache() nothing is versioned: no key needs the value's fingerprint.
    if (run.settings.caching) {
      fp = await fingerprint(value);
      if (fp.unhashable) run.emit(name, "adapter", "unhashable_data_version", undefined, fp.dataVersion);
      state.dataVersion = fp.dataVersion;
      run.emit(name, "adapter", "set_data_version", undefined, fp.dataVersion);
    }
    sealVersion(state);
    // Encoding happens now, so a format that can't hold the value fails this node, not a later write.
    if (storing && fp && !fp.unhashable) encoded = await encodeIfNew(run, name, value, fp, format);
  } catch (error) {
    state.durationMs ??= performance.now() - started;
    state.value = undefined;
    throw failure(run, state, error);
  }
  if (!storing || !fp || fp.unhashable) {
    run.progress(state);
    return;
  }
  const dataVersion = fp.dataVersion;
  run.writes.push({
    node: name,
    result: encoded && { ...encoded, dataVersion, createdAt: Date.now() },
    entry: { cacheKey: state.cacheKey!, dataVersion, nodeName: name, codeVersion: node.codeVersion, runId: run.runId, updatedAt: Date.now() },
    done(stored) {
      run.lookup.remember(dataVersion, format);
      if (stored) {
        run.stored++;
        run.emit(name, "result_store", "set_result", undefined, `${dataVersion} (${format})`);
      }
      run.emit(name, "metadata_store", "set_data_version", undefined, dataVersion);
      // Reported once stored: a node shown as done survives a Stop that kills the worker.
      run.progress(state);
    },
    failed() {
      run.progress(state);
    },
  });
}

export { materialize };
