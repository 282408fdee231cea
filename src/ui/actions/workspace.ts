import { getExample, type Example } from "../../examples";
import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import { readShareLink, isShareHash, linkKeyOf, type SharedWorkspace } from "../share/shareLink";
import { replaceDocument, setSource } from "../state/document";
import { historyStore, selectSelectedDetails, setHistoryScope, setSelectedRun } from "../state/history";
import { inputText, replaceInputs } from "../state/inputs";
import { runStore } from "../state/run";
import { selectNode } from "../state/selection";
import { settingsStore } from "../state/settings";
import { setNotice, workspacesStore } from "../state/workspaces";
import { workspaceRepository } from "../workspaces/instance";
import { DEFAULT_CACHE, describeSource, type Workspace, type WorkspaceContent } from "../workspaces/model";
import { activate, currentContent, flushSaves, listChanged, refreshWorkspaceList } from "../workspaces/session";
import { switchBackend } from "./cache";
import { refreshFiles } from "./files";
import { refreshHistory } from "./history";
import { demoOf, openPublishedSlug, readPublishedIndex } from "./published";

const FIRST_EXAMPLE = "basics";

export type UrlUpdate = "push" | "replace" | "none";

/** The URL names the open workspace (`?w=<id>`), so reload, back and forward keep it. */
function setWorkspaceInUrl(id: string, how: UrlUpdate): void {
  if (how === "none") return;
  const url = new URL(window.location.href);
  url.searchParams.delete("example");
  url.searchParams.delete("published");
  url.searchParams.set("w", id);
  url.hash = "";
  if (url.href === window.location.href) return;
  if (how === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** The URL follows a workspace this tab moved to by itself (an edit kept as a copy). */
export const followMovedWorkspace = (workspace: Workspace) => setWorkspaceInUrl(workspace.id, "replace");

/**
 * Opens a saved workspace: what was being typed is saved first, then its code, inputs and cache
 * choices fill the editor, and the history shows its runs.
 */
export async function openWorkspace(engine: EngineClient, workspace: Workspace, how: UrlUpdate = "push"): Promise<void> {
  await flushSaves();
  const opened = (await workspaceRepository().update(workspace.id, { openedAt: Date.now() })) ?? workspace;
  activate(opened);
  setSelectedRun(undefined);
  selectNode(undefined);
  setHistoryScope({ workspaceId: opened.id, untagged: opened.ownsUntaggedRuns === true });
  setWorkspaceInUrl(opened.id, how);
  await openLayersOf(engine, opened);
  const { backend, path } = settingsStore.get();
  if (opened.cache.backend !== backend || opened.cache.path !== path) {
    const failure = await switchBackend(engine, opened.cache.backend, opened.cache.path);
    if (failure) setNotice({ tone: "error", text: `This workspace's cache (${opened.cache.path}) could not be opened: ${failure}` });
  } else await refreshHistory(engine);
}

/** The layers the worker has under the cache: the open workspace's published one, or none. */
let openLayers = "";

/** A published workspace reads its author's results and runs through its layer (SPEC.md §12). */
async function openLayersOf(engine: EngineClient, workspace: Workspace): Promise<void> {
  const ids = workspace.origin.kind === "published" ? [workspace.origin.layer] : [];
  if (ids.join("\n") === openLayers) return;
  try {
    await engine.setLayers(ids);
    openLayers = ids.join("\n");
    // A published workspace's files are in its layer: the Files panel lists them (read-only).
    void refreshFiles(engine);
  } catch (error) {
    await engine.setLayers([]).catch(() => undefined);
    openLayers = "";
    setNotice({ tone: "error", text: `This workspace's published results could not be opened: ${asWireError(error).message}. Its code is here; runs compute everything.` });
  }
}

export async function openWorkspaceById(engine: EngineClient, id: string, how: UrlUpdate = "push"): Promise<boolean> {
  const workspace = await workspaceRepository().get(id);
  if (!workspace || workspace.deletedAt !== undefined) return false;
  await openWorkspace(engine, workspace, how);
  return true;
}

function exampleContent(example: Example): WorkspaceContent {
  return { source: example.source, inputs: { values: { ...example.inputs }, types: {} }, driver: { ...example.cacheOptions }, behaviors: {}, requested: [...example.outputs] };
}

/**
 * An example opens as its own workspace, never on top of another: its untouched copy if there
 * is one, else a fresh copy (so one edited earlier stays as it is).
 */
export async function openExample(engine: EngineClient, example: Example, how: UrlUpdate = "push"): Promise<void> {
  const repo = workspaceRepository();
  const existing = await repo.findExampleCopy(example.id);
  const workspace = existing ?? (await repo.create({ name: example.title, origin: { kind: "example", exampleId: example.id }, content: exampleContent(example) }));
  if (!existing) await listChanged();
  await openWorkspace(engine, workspace, how);
}

/** A link opens as a new workspace that may not run yet; the same link opens the same copy. */
async function openSharedLink(engine: EngineClient, shared: SharedWorkspace): Promise<void> {
  const repo = workspaceRepository();
  const linkKey = await linkKeyOf(shared);
  const existing = linkKey === undefined ? undefined : await repo.findByLink(linkKey);
  const workspace =
    existing ??
    (await repo.create({ name: shared.name ?? `Shared: ${describeSource(shared.source)}`, origin: { kind: "link", openedAt: Date.now() }, content: shared, trusted: false, linkKey }));
  if (existing) setNotice({ tone: "info", text: `You opened this link before: this is the copy it made then ("${existing.name}"), with any edits you made.` });
  else await listChanged();
  await openWorkspace(engine, workspace, "replace");
}

export function editSource(source: string): void {
  setSource(source);
  // Typing into a past run's code would be confusing: edits always go to the draft.
  if (historyStore.get().selectedRunId !== undefined) setSelectedRun(undefined);
}

/**
 * A first visit opens the build's published demo when it carries one, else the first example.
 * Only a plain visit: an address that named something it could not open falls back to the example.
 */
async function openFallback(engine: EngineClient, plainVisit: boolean): Promise<void> {
  const recent = await workspaceRepository().mostRecentlyOpened();
  if (recent) return openWorkspace(engine, recent, "replace");
  const demo = plainVisit ? demoOf(await readPublishedIndex()) : undefined;
  if (demo && (await openPublishedSlug(engine, demo, (w, how) => openWorkspace(engine, w, how)))) return;
  await openExample(engine, getExample(FIRST_EXAMPLE)!, "replace");
}

/**
 * What a page load opens: a `#share=` link, else `?example=<id>`, else the workspace the URL
 * names (`?w=<id>`), else the one opened last, else the first example. A link or name that
 * can't be opened says why and opens the usual workspace instead.
 */
export async function bootWorkspace(engine: EngineClient): Promise<void> {
  await workspaceRepository().purgeTrash();
  await refreshWorkspaceList();
  const url = new URL(window.location.href);
  if (isShareHash(url.hash)) {
    const read = readShareLink(url.hash);
    if (read.ok) return openSharedLink(engine, read.shared);
    setNotice({ tone: "error", text: `This share link opened nothing: ${read.reason}. Your workspaces are as they were.` });
  }
  const published = url.searchParams.get("published");
  if (published && (await openPublishedSlug(engine, published, (w, how) => openWorkspace(engine, w, how)))) return;
  const exampleId = url.searchParams.get("example");
  const example = exampleId ? getExample(exampleId) : undefined;
  if (example) return openExample(engine, example, "replace");
  if (exampleId) setNotice({ tone: "warning", text: `There is no example "${exampleId}"; your last workspace is open instead.` });
  const id = url.searchParams.get("w");
  if (id && (await openWorkspaceById(engine, id, "replace"))) return;
  if (id) setNotice({ tone: "warning", text: "The workspace this address names is not here (deleted, or saved in another browser); your last workspace is open instead." });
  await openFallback(engine, url.hash === "" && url.search === "");
}

/** The app's database could not be opened: the first example opens in memory, and says it is not saved. */
export function openWithoutSaving(): void {
  const example = getExample(FIRST_EXAMPLE)!;
  const now = Date.now();
  const origin = { kind: "example", exampleId: example.id } as const;
  activate({ id: "unsaved", name: example.title, origin, trusted: true, edited: false, ...exampleContent(example), cache: { ...DEFAULT_CACHE }, createdAt: now, updatedAt: now, openedAt: now, rev: 0, exampleId: example.id });
}

/** Back and forward move between workspaces the way they were opened. */
export async function followUrl(engine: EngineClient): Promise<void> {
  const id = new URL(window.location.href).searchParams.get("w");
  if (!id || id === workspacesStore.get().active?.id) return;
  if (runStore.get().phase !== "idle") return;
  if (!(await openWorkspaceById(engine, id, "none"))) setNotice({ tone: "warning", text: "That workspace is no longer here (it was deleted)." });
}

/**
 * Puts the selected run's code and inputs back into the open workspace, to run it again or
 * change it; what the workspace held before is one click away (Undo).
 */
export function restoreSelectedRun(): void {
  const details = selectSelectedDetails(historyStore.get());
  if (!details) return;
  const { record } = details;
  const before = currentContent();
  const entries = Object.entries(record.inputs);
  replaceDocument(record.modules.join("\n\n"), workspacesStore.get().active?.exampleId, true);
  replaceInputs(
    Object.fromEntries(entries.map(([k, v]) => [k, inputText(v)])),
    Object.fromEntries(entries.map(([k, v]) => [k, typeof v === "string" ? "text" : "json"])),
  );
  settingsStore.set({ requested: [...record.outputs] });
  setSelectedRun(undefined);
  setNotice({
    tone: "info",
    text: "The run's code and inputs are back in the editor.",
    action: {
      label: "Undo",
      testId: "restore-undo",
      run: () => {
        replaceDocument(before.source, workspacesStore.get().active?.exampleId, true);
        replaceInputs(before.inputs.values, before.inputs.types);
        settingsStore.set({ requested: before.requested });
        setNotice(undefined);
      },
    },
  });
}
