import { replaceDocument, documentStore } from "../state/document";
import { inputsStore, replaceInputs } from "../state/inputs";
import { networkStore, setGrants } from "../state/network";
import { settingsStore } from "../state/settings";
import { setNotice, workspacesStore } from "../state/workspaces";
import { workspaceRepository } from "./instance";
import { contentOf, sameContent, type CacheChoice, type Workspace, type WorkspaceContent } from "./model";
import type { ChartChoice } from "../../worker/protocol";
import { createTabSync, type TabMessage, type TabSync } from "./sync";

/** Typing is bursty: a save waits for this pause (well inside the one second the README promises). */
const SAVE_DELAY_MS = 300;

/** The open workspace as this tab last saved or loaded it: saves go over `rev` only. */
interface Baseline {
  id: string;
  rev: number;
  content: WorkspaceContent;
}

let baseline: Baseline | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let queue: Promise<void> = Promise.resolve();
let sync: TabSync | undefined;
/** Called when this tab had to move to another workspace (a fork), so the URL can follow. */
let onMoved: (workspace: Workspace) => void = () => undefined;

export function currentContent(): WorkspaceContent {
  const { source } = documentStore.get();
  const { driver, behaviors, requested } = settingsStore.get();
  return { source, inputs: inputsStore.get(), driver, behaviors, requested };
}

export async function refreshWorkspaceList(): Promise<void> {
  const repo = workspaceRepository();
  const [list, trash] = await Promise.all([repo.list(), repo.trash()]);
  workspacesStore.set({ list, trash });
}

/** Tells the other tabs the list changed (create, rename, delete) and refreshes this one's. */
export async function listChanged(): Promise<void> {
  sync?.post({ type: "list" });
  await refreshWorkspaceList();
}

function countOtherTabs(): void {
  const id = baseline?.id;
  const others = id === undefined || !sync ? 0 : [...sync.peers().values()].filter((open) => open === id).length;
  if (workspacesStore.get().otherTabs !== others) workspacesStore.set({ otherTabs: others });
}

/** Puts a workspace into the editor's stores and makes it the one saves go to. */
export function activate(workspace: Workspace): void {
  clearTimeout(timer);
  timer = undefined;
  baseline = { id: workspace.id, rev: workspace.rev, content: contentOf(workspace) };
  replaceDocument(workspace.source, workspace.exampleId, workspace.edited);
  replaceInputs(workspace.inputs.values, workspace.inputs.types);
  settingsStore.set({ driver: workspace.driver, behaviors: workspace.behaviors, requested: workspace.requested });
  workspacesStore.set({ active: workspace, save: "saved", saveError: undefined });
  // After `active` changes: the grants belong to this workspace, never written to the last one.
  setGrants(workspace.network ?? {});
  sync?.post({ type: "open", id: workspace.id });
  countOtherTabs();
}

/** Keeps the open workspace's record (name, trust, cache) current after a change to it. */
export function replaceActive(workspace: Workspace): void {
  if (workspacesStore.get().active?.id === workspace.id) workspacesStore.set({ active: workspace });
}

/** Both tabs edited at once: this tab's text goes to a copy, so neither tab's work is lost. */
async function fork(content: WorkspaceContent, why: "conflict" | "gone"): Promise<void> {
  const active = workspacesStore.get().active;
  const name = `${active?.name ?? "Workspace"} (${why === "gone" ? "kept" : "edited in two tabs"})`;
  const copy = await workspaceRepository().create({ name, origin: { kind: "copy", of: active?.id ?? "" }, content, trusted: active?.trusted ?? false });
  baseline = { id: copy.id, rev: copy.rev, content };
  workspacesStore.set({ active: copy, save: "saved" });
  sync?.post({ type: "open", id: copy.id });
  onMoved(copy);
  setNotice({
    tone: "warning",
    text:
      why === "gone"
        ? `"${active?.name}" was deleted in another tab while you edited it; your text is kept here as "${name}".`
        : `"${active?.name}" was changed in another tab at the same time; your edits are kept here as "${name}", and the other tab's are in the original.`,
  });
  await listChanged();
}

async function saveNow(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  const base = baseline;
  if (!base) return;
  const content = currentContent();
  if (sameContent(content, base.content)) {
    workspacesStore.set({ save: "saved" });
    return;
  }
  try {
    const outcome = await workspaceRepository().save(base.id, content, base.rev, true);
    if (outcome.status !== "saved") return await fork(content, outcome.status);
    if (baseline === base) baseline = { id: base.id, rev: outcome.workspace.rev, content };
    replaceActive(outcome.workspace);
    workspacesStore.set({ save: timer === undefined ? "saved" : "pending", saveError: undefined });
    sync?.post({ type: "saved", id: base.id, rev: outcome.workspace.rev });
    await refreshWorkspaceList();
  } catch (error) {
    // Nothing is lost yet: the text is still in the editor, and the next change tries again.
    workspacesStore.set({ save: "failed", saveError: error instanceof Error ? error.message : String(error) });
  }
}

/** Saves now what is waiting to be saved; resolves once it is on disk. */
export function flushSaves(): Promise<void> {
  if (timer !== undefined) queue = queue.then(saveNow);
  return queue;
}

function onChange(): void {
  if (!baseline) return;
  if (sameContent(currentContent(), baseline.content)) {
    clearTimeout(timer);
    timer = undefined;
    if (workspacesStore.get().save === "pending") workspacesStore.set({ save: "saved" });
    return;
  }
  clearTimeout(timer);
  workspacesStore.set({ save: "pending" });
  timer = setTimeout(() => void (queue = queue.then(saveNow)), SAVE_DELAY_MS);
}

/** Another tab saved the workspace this tab has open: follow it, unless this tab has unsaved edits. */
async function follow(id: string, rev: number): Promise<void> {
  await queue;
  const base = baseline;
  if (!base || base.id !== id || rev <= base.rev || timer !== undefined) return;
  const latest = await workspaceRepository().get(id);
  if (!latest || baseline !== base || timer !== undefined || latest.rev <= base.rev) return;
  activate(latest);
}

function onTabMessage(message: TabMessage): void {
  if (message.type === "saved") void follow(message.id, message.rev);
  if (message.type === "list" || message.type === "saved") void refreshWorkspaceList();
}

/** Keeps the visitor's network answers with the open workspace (they are its, not the browser's). */
async function rememberGrants(): Promise<void> {
  const active = workspacesStore.get().active;
  const grants = networkStore.get().grants;
  if (!active || active.id === "unsaved" || JSON.stringify(active.network ?? {}) === JSON.stringify(grants)) return;
  const updated = await workspaceRepository().update(active.id, { network: grants });
  if (updated) replaceActive(updated);
}

/** Keeps how a node's table is charted with the open workspace, beside (not in) its content. */
export async function rememberChart(node: string, choice: ChartChoice): Promise<void> {
  const active = workspacesStore.get().active;
  if (!active || active.id === "unsaved" || JSON.stringify(active.charts?.[node]) === JSON.stringify(choice)) return;
  const updated = await workspaceRepository().update(active.id, { charts: { ...active.charts, [node]: choice } });
  if (updated) replaceActive(updated);
}

/** Remembers the cache a workspace runs against (its settings), without touching its content. */
export async function rememberCache(cache: CacheChoice): Promise<void> {
  const active = workspacesStore.get().active;
  if (!active || (active.cache.backend === cache.backend && active.cache.path === cache.path)) return;
  const updated = await workspaceRepository().update(active.id, { cache });
  if (updated) replaceActive(updated);
}

/**
 * Saves the open workspace shortly after each change, at once when the tab is hidden, and keeps
 * tabs in step. `moved` is told when this tab had to move its edits to a new workspace.
 */
export function startPersisting(moved: (workspace: Workspace) => void): () => void {
  onMoved = moved;
  sync = createTabSync(onTabMessage, countOtherTabs);
  if (baseline) sync.post({ type: "open", id: baseline.id });
  const onHide = () => {
    if (document.visibilityState === "hidden") void flushSaves();
  };
  // A closed tab runs no cleanup: it says goodbye on pagehide, and hello again if it comes back.
  const onPageHide = () => {
    void flushSaves();
    sync?.post({ type: "close" });
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && baseline) sync?.post({ type: "open", id: baseline.id });
  };
  const unsubscribe = [
    documentStore.subscribe(onChange),
    inputsStore.subscribe(onChange),
    settingsStore.subscribe(onChange),
    networkStore.subscribe(() => void rememberGrants().catch(() => undefined)),
  ];
  document.addEventListener("visibilitychange", onHide);
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("pageshow", onPageShow);
  return () => {
    void flushSaves();
    unsubscribe.forEach((off) => off());
    document.removeEventListener("visibilitychange", onHide);
    window.removeEventListener("pagehide", onPageHide);
    window.removeEventListener("pageshow", onPageShow);
    sync?.dispose();
    sync = undefined;
  };
}
