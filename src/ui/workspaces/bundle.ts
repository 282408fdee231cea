import { contentOf, type Workspace, type WorkspaceContent } from "./model";
import { contentFrom, isRecord } from "./sanitize";

/** One workspace as a file: its module and how to run it. */
export interface WorkspaceBundle {
  format: "sluice-workspace";
  version: 1;
  name: string;
  exportedAt: string;
  workspace: WorkspaceContent;
}

/** Every workspace as one file (the trash and run history are not part of it). */
export interface WorkspaceBackup {
  format: "sluice-backup";
  version: 1;
  exportedAt: string;
  workspaces: { name: string; trusted: boolean; workspace: WorkspaceContent }[];
}

/** What an import brings: workspaces to add, named, with whether they may run without asking. */
export type ImportItem = { name: string; content: WorkspaceContent; trusted: boolean };
export type ImportResult = { ok: true; items: ImportItem[] } | { ok: false; message: string };

export const MODULE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** Larger than any dataflow a person writes; a bigger "module" is a wrong file. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export function bundleOf(workspace: Workspace, at = new Date()): WorkspaceBundle {
  return { format: "sluice-workspace", version: 1, name: workspace.name, exportedAt: at.toISOString(), workspace: contentOf(workspace) };
}

export function backupOf(workspaces: Workspace[], at = new Date()): WorkspaceBackup {
  return {
    format: "sluice-backup",
    version: 1,
    exportedAt: at.toISOString(),
    workspaces: workspaces.map((w) => ({ name: w.name, trusted: w.trusted, workspace: contentOf(w) })),
  };
}

/** A file name that every file system accepts, from a workspace's name. */
export function fileNameFor(name: string, extension: string): string {
  const base = name.replace(/[^\w .()-]+/g, "_").trim().slice(0, 80) || "workspace";
  return base + extension;
}

export const isModuleFile = (fileName: string) => MODULE_EXTENSIONS.some((ext) => fileName.toLowerCase().endsWith(ext));

const baseName = (fileName: string) => fileName.replace(/\.[^.]+$/, "") || fileName;

function parseJson(fileName: string, text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: `${fileName} is not a Sluice workspace: it is not valid JSON.` };
  }
  if (isRecord(parsed) && parsed.format === "sluice-workspace") {
    const content = contentFrom(parsed.workspace);
    if (!content) return { ok: false, message: `${fileName} is damaged: its workspace has no module text.` };
    const name = typeof parsed.name === "string" && parsed.name.trim() ? parsed.name.trim() : baseName(fileName);
    return { ok: true, items: [{ name, content, trusted: true }] };
  }
  if (isRecord(parsed) && parsed.format === "sluice-backup" && Array.isArray(parsed.workspaces)) {
    const items: ImportItem[] = [];
    for (const [i, entry] of parsed.workspaces.entries()) {
      const content = isRecord(entry) ? contentFrom(entry.workspace) : undefined;
      if (!content) return { ok: false, message: `${fileName} is damaged: workspace ${i + 1} has no module text. Nothing was imported.` };
      const name = typeof entry.name === "string" && entry.name.trim() ? entry.name.trim() : `Imported ${i + 1}`;
      items.push({ name, content, trusted: entry.trusted !== false });
    }
    return { ok: true, items };
  }
  return { ok: false, message: `${fileName} is not a Sluice workspace or backup (no "format": "sluice-workspace" or "sluice-backup").` };
}

/**
 * Reads a file someone chose or dropped: a module (`.ts`, `.js`, ...) becomes a workspace named
 * after the file, a bundle one workspace, a backup all of them. Anything else is refused whole,
 * with a message that says why; nothing is half-imported.
 */
export function parseImport(fileName: string, bytes: Uint8Array): ImportResult {
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, message: `${fileName} is too large to be a workspace (over 5 MB).` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: `${fileName} is not a text file, so it is not a workspace.` };
  }
  if (text.includes("\u0000")) return { ok: false, message: `${fileName} is not a text file, so it is not a workspace.` };
  if (isModuleFile(fileName)) {
    const content: WorkspaceContent = { source: text.replace(/^\uFEFF/, ""), inputs: { values: {}, types: {} }, driver: {}, behaviors: {}, requested: undefined };
    return { ok: true, items: [{ name: baseName(fileName), content, trusted: true }] };
  }
  if (fileName.toLowerCase().endsWith(".json")) return parseJson(fileName, text);
  return { ok: false, message: `${fileName} is not a workspace: Sluice imports modules (${MODULE_EXTENSIONS.join(", ")}) and .json bundles or backups.` };
}
