import { encodeResult } from "../formats";
import { SluiceError, isSluiceError } from "../errors";
import type { StorageFormat } from "../types";
import { fingerprint, tableIpc } from "../versioning/fingerprint";
import { ColumnTable } from "arquero";
import { materialize, sealVersion, type Run } from "./run";

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

/** Runs a node's function, versions the value and queues its storage; a throw fails the run. */
export async function executeNode(run: Run, name: string): Promise<void> {
  const { program } = run.settings;
  const state = run.states.get(name)!;
  const node = program.flow.nodes.get(name)!;
  state.status = "executed";
  run.progress(state, { status: "running" });
  const started = performance.now();
  let value: unknown;
  try {
    value = await callNode(run, name);
  } catch (error) {
    const { message, stack } = describe(error);
    state.status = "failed";
    state.durationMs = performance.now() - started;
    state.error = { code: isSluiceError(error) ? error.code : "NODE_FAILED", message, stack };
    run.emit(name, "adapter", "failed_execution", message, stack);
    run.progress(state);
    if (isSluiceError(error) && error.code !== "NODE_FAILED") {
      // A storage or format problem raised inside node code keeps its code and gains the node's name.
      throw new SluiceError(error.code, `Node \`${name}\`: ${message}`, { ...error.details, node: name, cause: error, originalStack: stack });
    }
    throw new SluiceError("NODE_FAILED", `Node \`${name}\` failed: ${message}`, { node: name, cause: error, originalStack: stack });
  }
  state.durationMs = performance.now() - started;
  state.value = { value };

  const fp = await fingerprint(value);
  if (fp.unhashable) run.emit(name, "adapter", "unhashable_data_version", undefined, fp.dataVersion);
  state.dataVersion = fp.dataVersion;
  sealVersion(run, state);
  run.emit(name, "adapter", "set_data_version", undefined, fp.dataVersion);

  if ((state.behavior === "default" || state.behavior === "recompute") && !fp.unhashable) {
    const format: StorageFormat = program.options(name).format ?? node.format ?? "native";
    const dataVersion = fp.dataVersion;
    // Native results (Arrow IPC already made for the fingerprint, or clone data) are cheap to
    // encode, so their "already stored?" check waits for the write, off the critical path;
    // other formats are costly to encode and are checked first.
    const exists =
      format === "native" ? run.lookup.knownFormat(dataVersion) === format : await run.lookup.hasResult(dataVersion, format);
    // Encoding happens now, so a format that can't hold the value fails this node, not a later write.
    const encoded = exists
      ? undefined
      : await encodeResult(value, format, name, value instanceof ColumnTable ? { ipc: tableIpc(value) } : undefined);
    const entry = { cacheKey: state.cacheKey!, dataVersion, nodeName: name, codeVersion: node.codeVersion, runId: run.runId, updatedAt: Date.now() };
    run.writes.push({
      node: name,
      result: encoded && { ...encoded, dataVersion, createdAt: Date.now() },
      entry,
      done(stored) {
        run.lookup.remember(dataVersion, format);
        if (stored) run.emit(name, "result_store", "set_result", format, dataVersion);
        run.emit(name, "metadata_store", "set_data_version", undefined, dataVersion);
        // Reported once stored: a node shown as done survives a Stop that kills the worker.
        run.progress(state);
      },
    });
    return;
  }
  run.progress(state);
}

export { materialize };
