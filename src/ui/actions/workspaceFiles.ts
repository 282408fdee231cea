import type { EngineClient } from "../../worker/client";
import { setNotice, workspacesStore } from "../state/workspaces";
import { backupOf, bundleOf, fileNameFor, isModuleFile, parseImport, type ImportItem } from "../workspaces/bundle";
import { workspaceRepository } from "../workspaces/instance";
import { sameContent } from "../workspaces/model";
import { flushSaves, listChanged } from "../workspaces/session";
import { uploadFiles } from "./files";
import { importBundleFile } from "./published";
import { openWorkspace } from "./workspace";

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A workspace as its module (`.ts`), or as a bundle with its inputs and options (`.sluice.json`). */
export async function exportWorkspace(id: string, as: "module" | "bundle"): Promise<void> {
  await flushSaves();
  const workspace = await workspaceRepository().get(id);
  if (!workspace) return;
  if (as === "module") download(fileNameFor(workspace.name, ".ts"), workspace.source, "text/typescript");
  else download(fileNameFor(workspace.name, ".sluice.json"), JSON.stringify(bundleOf(workspace), null, 2), "application/json");
}

/** Every workspace in one file, to keep or to move to another browser. */
export async function exportBackup(): Promise<void> {
  await flushSaves();
  const all = await workspaceRepository().list();
  const day = new Date().toISOString().slice(0, 10);
  download(`sluice-backup-${day}.json`, JSON.stringify(backupOf(all), null, 2), "application/json");
}

/** A workspace with the same name and content is already here: importing it again adds nothing. */
function isDuplicate(item: ImportItem): boolean {
  return workspacesStore.get().list.some((w) => w.name === item.name && sameContent(w, item.content));
}

/** Data files go to the file area; anything else is tried as a workspace, bundle or backup. */
const isWorkspaceFile = (file: File) => isModuleFile(file.name) || file.name.toLowerCase().endsWith(".json");
/** A published dataflow with its runs and results (SPEC.md §12): opened like a link. */
export const isPublishedFile = (file: File) => file.name.toLowerCase().endsWith(".sluice");

/**
 * Imports chosen or dropped files. Each workspace file is checked whole before anything is
 * added; one that is not a workspace is named in a message and changes nothing. The last
 * workspace added is opened.
 */
export async function importFiles(engine: EngineClient, files: readonly File[]): Promise<void> {
  const data = files.filter((f) => !isWorkspaceFile(f) && !isPublishedFile(f));
  const problems: string[] = [];
  let openedBundle = false;
  for (const file of files.filter(isPublishedFile)) {
    const problem = await importBundleFile(engine, file, (w, how) => openWorkspace(engine, w, how));
    if (problem) problems.push(problem);
    else openedBundle = true;
  }
  const added: string[] = [];
  let skipped = 0;
  let last;
  for (const file of files.filter(isWorkspaceFile)) {
    const result = parseImport(file.name, new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) {
      problems.push(result.message);
      continue;
    }
    for (const item of result.items) {
      if (isDuplicate(item)) {
        skipped++;
        continue;
      }
      last = await workspaceRepository().create({ name: item.name, origin: { kind: "file", fileName: file.name }, content: item.content, trusted: item.trusted });
      added.push(item.name);
    }
  }
  if (added.length > 0 || skipped > 0) await listChanged();
  if (last && !openedBundle) await openWorkspace(engine, last);
  if (data.length > 0) await uploadFiles(engine, data);
  const said = [
    added.length > 0 ? `Imported ${added.length === 1 ? `"${added[0]}"` : `${added.length} workspaces`}.` : "",
    skipped > 0 ? `${skipped} already here, not imported again.` : "",
    data.length > 0 ? `Added ${data.map((f) => f.name).join(", ")} to the file area.` : "",
    ...problems,
  ].filter(Boolean);
  if (said.length > 0) setNotice({ tone: problems.length > 0 ? "error" : "info", text: said.join(" ") });
}
