import type { EngineClient } from "../../worker/client";
import { runStore } from "../state/run";
import { setNotice, workspacesStore } from "../state/workspaces";
import { workspaceRepository } from "../workspaces/instance";
import { EMPTY_CONTENT } from "../workspaces/model";
import { listChanged, replaceActive } from "../workspaces/session";
import { openWorkspace } from "./workspace";

const BLANK_SOURCE = `import * as aq from "arquero";

// Each exported function is a node; its parameters name the nodes (or inputs) it depends on.
export function numbers() {
  return aq.table({ x: [1, 2, 3] });
}

export function doubled(numbers: aq.ColumnTable) {
  return numbers.derive({ y: (d) => d.x * 2 });
}
`;

/** Switching mid-run would show one workspace's run in another's graph: it waits for the run. */
function busy(): boolean {
  if (runStore.get().phase === "idle") return false;
  setNotice({ tone: "info", text: "A run is in progress: stop it or let it finish before switching workspaces." });
  return true;
}

export async function switchWorkspace(engine: EngineClient, id: string): Promise<void> {
  if (id === workspacesStore.get().active?.id || busy()) return;
  const workspace = await workspaceRepository().get(id);
  if (workspace) await openWorkspace(engine, workspace);
}

export async function createWorkspace(engine: EngineClient): Promise<void> {
  if (busy()) return;
  const taken = new Set(workspacesStore.get().list.map((w) => w.name));
  let name = "Untitled";
  for (let i = 2; taken.has(name); i++) name = `Untitled ${i}`;
  const workspace = await workspaceRepository().create({ name, origin: { kind: "blank" }, content: { ...EMPTY_CONTENT, source: BLANK_SOURCE } });
  await listChanged();
  await openWorkspace(engine, workspace);
}

export async function renameWorkspace(id: string, name: string): Promise<void> {
  const trimmed = name.trim().slice(0, 120);
  if (!trimmed) return;
  const updated = await workspaceRepository().update(id, { name: trimmed });
  if (updated) replaceActive(updated);
  await listChanged();
}

export async function duplicateWorkspace(engine: EngineClient, id: string): Promise<void> {
  if (busy()) return;
  const copy = await workspaceRepository().duplicate(id);
  await listChanged();
  if (copy) await openWorkspace(engine, copy);
}

/**
 * Moves a workspace to the trash (kept for 30 days, restorable), with an Undo right away. The
 * open one is replaced by the next most recent, or a new one when it was the last.
 */
export async function deleteWorkspace(engine: EngineClient, id: string): Promise<void> {
  if (busy()) return;
  const repo = workspaceRepository();
  const doomed = await repo.get(id);
  if (!doomed) return;
  await repo.remove(id);
  await listChanged();
  if (workspacesStore.get().active?.id === id) {
    const next = await repo.mostRecentlyOpened();
    if (next) await openWorkspace(engine, next, "replace");
    else await createWorkspace(engine);
  }
  setNotice({
    tone: "info",
    text: `"${doomed.name}" is in the trash.`,
    action: { label: "Undo", testId: "workspace-undo", run: () => void restoreWorkspace(engine, id) },
  });
}

export async function restoreWorkspace(engine: EngineClient, id: string): Promise<void> {
  if (busy()) return;
  const restored = await workspaceRepository().restore(id);
  await listChanged();
  setNotice(undefined);
  if (restored) await openWorkspace(engine, restored);
}

/** The visitor has read a linked dataflow and lets it run; remembered for this workspace only. */
export async function trustActiveWorkspace(): Promise<void> {
  const active = workspacesStore.get().active;
  if (!active) return;
  const updated = await workspaceRepository().update(active.id, { trusted: true });
  if (updated) replaceActive(updated);
  await listChanged();
}
