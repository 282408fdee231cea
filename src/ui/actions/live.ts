import type { EngineClient } from "../../worker/client";
import { analysisStore } from "../state/analysis";
import { documentStore } from "../state/document";
import { historyStore, selectLatestDetails } from "../state/history";
import { inputsStore } from "../state/inputs";
import { cookedTemplate, sqlRegions } from "../editor/sqlRegions";
import { firstSqlProblem, LIVE_DELAY_MS, lineColumn, liveStore, setLiveHeld, showLiveOf, slowNodeOf, type LiveSqlProblem } from "../state/live";
import { runStore } from "../state/run";
import { workspacesStore } from "../state/workspaces";
import { analyzeNow } from "./analysis";
import { draftRequest } from "./explain";
import { startRun, stopRun } from "./run";

/**
 * The draft's first SQL that DuckDB's parser stops in; none when DuckDB has not started yet. Only
 * the queries of the analysis's `sql()` nodes count (not one in a comment), and not one built with
 * `${…}`, which is only known when its node runs.
 */
async function sqlProblemOf(engine: EngineClient, source: string): Promise<LiveSqlProblem | undefined> {
  const starts = new Set(analysisStore.get().analysis?.nodes.flatMap((n) => (n.sql && n.moduleIndex === 0 ? [`${n.sql.line}:${n.sql.column}`] : [])) ?? []);
  const regions = sqlRegions(source)
    .map((r) => ({ start: r.start, raw: source.slice(r.start, r.end) }))
    .filter((r) => !r.raw.includes("${") && starts.has(placeKey(source, r.start)))
    // DuckDB parses the text the node will run; its places map back through `from`.
    .map((r) => ({ start: r.start, ...cookedTemplate(r.raw) }));
  if (regions.length === 0) return undefined;
  const problems = await engine.parseSql(regions.map((r) => r.text)).catch(() => null);
  return problems ? firstSqlProblem(source, regions, problems) : undefined;
}

function placeKey(source: string, offset: number): string {
  const { line, column } = lineColumn(source, offset);
  return `${line}:${column}`;
}

function whenIdle(): Promise<void> {
  if (runStore.get().phase === "idle") return Promise.resolve();
  return new Promise((resolve) => {
    const off = runStore.subscribe(() => {
      if (runStore.get().phase !== "idle") return;
      off();
      resolve();
    });
  });
}

/**
 * Live runs (SPEC.md §14): while the toggle is on, each change of the code or the inputs, once
 * they have been still for LIVE_DELAY_MS, stops a run still going for an older change (its
 * finished nodes stay stored) and starts one. A change whose run would execute a node that took
 * longer than LIVE_SLOW_MS last time is held: the toolbar says so and Run starts it. Code that
 * does not parse does not run, nor does SQL that DuckDB's parser stops in (marked in the editor).
 */
export function startLive(engine: EngineClient): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let version = 0;
  let seen: string | undefined;
  const draftKey = () => JSON.stringify([documentStore.get().source, inputsStore.get().values]);

  async function go(mine: number): Promise<void> {
    if (runStore.get().phase === "running") await stopRun(engine);
    await whenIdle();
    await analyzeNow(engine);
    if (mine !== version || !liveStore.get().on) return;
    // Code that does not parse yet waits for the next change: live never runs a broken draft.
    const request = draftRequest();
    if (!request) return;
    // Nor SQL DuckDB cannot parse yet: that run would only fail, and stay in history.
    const problem = await sqlProblemOf(engine, documentStore.get().source);
    if (mine !== version || !liveStore.get().on || runStore.get().phase !== "idle") return;
    if (problem) return setLiveHeld(undefined, problem);
    const plan = await engine.plan(request).catch(() => undefined);
    if (mine !== version || !liveStore.get().on || runStore.get().phase !== "idle") return;
    const willRun = plan ? Object.entries(plan).flatMap(([node, step]) => (step.will === "hit" ? [] : [node])) : [];
    const latest = selectLatestDetails(historyStore.get());
    const lastMs = Object.fromEntries(latest?.record.nodes.flatMap((n) => (n.status === "executed" ? [[n.name, n.durationMs]] : [])) ?? []);
    const held = slowNodeOf(willRun, lastMs);
    setLiveHeld(held);
    if (!held) await startRun(engine);
  }

  function onChange(): void {
    showLiveOf(workspacesStore.get().active?.id);
    const key = draftKey();
    // Turning live on (or opening a workspace) does not run: the next change does.
    if (!liveStore.get().on || seen === undefined) {
      seen = key;
      clearTimeout(timer);
      return;
    }
    if (key === seen) return;
    seen = key;
    clearTimeout(timer);
    const mine = ++version;
    setLiveHeld(undefined);
    timer = setTimeout(() => void go(mine), LIVE_DELAY_MS);
  }

  let wasOn = liveStore.get().on;
  const stores = [documentStore, inputsStore, analysisStore, workspacesStore];
  const offs = stores.map((store) => store.subscribe(onChange));
  offs.push(
    liveStore.subscribe(() => {
      const on = liveStore.get().on;
      if (on === wasOn) return;
      wasOn = on;
      seen = on ? draftKey() : undefined;
      clearTimeout(timer);
      version++;
    }),
  );
  // A run started by hand is what a held change waited for.
  offs.push(runStore.subscribe(() => void (runStore.get().phase !== "idle" && (liveStore.get().held || liveStore.get().sqlProblem) && setLiveHeld(undefined))));
  onChange();
  return () => {
    clearTimeout(timer);
    offs.forEach((off) => off());
  };
}
