import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import type { NodeProgress, SeenNode, WireError } from "../../worker/protocol";
import { analysisStore } from "../state/analysis";
import { documentStore } from "../state/document";
import { addDetails } from "../state/history";
import { inputsStore, parseInputs } from "../state/inputs";
import { beginRun, finishRun, isCurrentRun, queueLog, queueProgress, reportLateError, runStore, setStopping } from "../state/run";
import { effectiveDriverOptions, requestedOutputs } from "../state/runOptions";
import { settingsStore } from "../state/settings";
import { selectMayRun, workspacesStore } from "../state/workspaces";
import { analyzeNow } from "./analysis";
import { refreshFiles } from "./files";
import { refreshHistory, selectRun } from "./history";
import { announce } from "../cache/otherTabs";

const badInput = (message: string): WireError => ({ code: "BAD_OPTION", message, details: {} });

/**
 * Runs the editor's text with the form's inputs and the cache settings. The run's token is
 * checked after every await: a stopped or superseded run never writes over a newer one.
 */
export async function startRun(engine: EngineClient): Promise<void> {
  if (runStore.get().phase !== "idle") return;
  // A dataflow from a link runs only once its visitor has trusted it (the banner says so).
  if (!selectMayRun(workspacesStore.get())) return;
  const workspaceId = workspacesStore.get().active?.id;
  const token = beginRun(undefined, []);
  void selectRun(engine, undefined);
  await analyzeNow(engine);
  if (!isCurrentRun(token)) return;
  // Stop pressed before the request left: nothing reached the worker, so nothing is sent.
  if (runStore.get().phase === "stopping") return finishRun(token, { code: "CANCELLED", message: "The run was stopped before it started", details: {} });
  const { source } = documentStore.get();
  const { analysis } = analysisStore.get();
  const settings = settingsStore.get();
  const outputs = requestedOutputs(settings, analysis);
  runStore.set({ analysis, outputs });
  const { values, problems } = parseInputs(inputsStore.get(), analysis?.inputs.map((i) => i.name) ?? []);
  if (problems.length > 0) return finishRun(token, badInput(problems.join("; ")));
  try {
    const outcome = await engine.run(
      {
        sources: [source],
        outputs,
        inputs: values,
        overrides: {},
        options: effectiveDriverOptions(settings, analysis),
        workers: settings.workers,
        ...(workspaceId !== undefined && { tags: { workspace: workspaceId } }),
      },
      { onProgress: (p) => queueProgress(token, p), onLog: (line) => queueLog(token, line) },
    );
    if (!isCurrentRun(token)) return;
    if (outcome.details) addDetails(outcome.details);
    finishRun(token, outcome.status === "succeeded" ? undefined : outcome.error);
    if (outcome.details) void selectRun(engine, outcome.details.record.runId);
    // The answer came as soon as the values were known; the results are stored after it. The
    // final record replaces the answer's, and a write that failed (a full disk) is reported now.
    const settled = await outcome.settled;
    if (settled.details) addDetails(settled.details);
    if (outcome.status === "succeeded" && settled.status !== "succeeded") reportLateError(token, settled.error);
  } catch (error) {
    const wire = asWireError(error);
    finishRun(token, wire);
    // The worker died mid-run (out of memory, say): close the record it left open, as Stop does.
    if (wire.code === "WORKER_CRASHED") await closeStoppedRun(engine, runStore.get().progress);
  }
  await Promise.all([refreshHistory(engine), refreshFiles(engine)]);
  announce("run");
}

/** Tells the (new) worker what this page saw of a run whose worker was replaced or died. */
async function closeStoppedRun(engine: EngineClient, progress: Record<string, NodeProgress>): Promise<void> {
  const runId = Object.values(progress)[0]?.runId;
  if (runId === undefined) return;
  const seen: Record<string, SeenNode> = {};
  for (const p of Object.values(progress)) {
    if (p.status !== "pending") seen[p.node] = { status: p.status, dataVersion: p.dataVersion, durationMs: p.durationMs };
  }
  await engine.markStopped(runId, seen).catch(() => undefined);
}

/** Stop: the engine keeps what finished; the client replaces the worker if a node won't yield. */
export async function stopRun(engine: EngineClient): Promise<void> {
  const { token, phase, progress: before } = runStore.get();
  if (phase !== "running") return;
  setStopping(token);
  // startRun finishes the run either way: with the engine's "cancelled" outcome, or with the
  // client's CANCELLED rejection when the worker had to be replaced.
  await engine.stop();
  // A replaced worker could not close its run's record: say what this page saw finish.
  const after = runStore.get().progress;
  await closeStoppedRun(engine, Object.keys(after).length > 0 ? after : before);
  await refreshHistory(engine);
}
