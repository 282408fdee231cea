import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import { filesStore } from "../state/files";
import { panelsStore } from "../state/panels";
import { announce } from "../cache/otherTabs";

/** The Files panel lists at most this many cached results, the newest. */
export const RESULTS_SHOWN = 200;

/**
 * Reads what the Files panel shows: the files (their count is on its tab), and the newest cached
 * results only while the panel is open; it refreshes itself when opened.
 */
export async function refreshFiles(engine: EngineClient): Promise<void> {
  try {
    const shown = panelsStore.get().bottomTab === "files";
    const [files, results] = await Promise.all([engine.listFiles(), shown ? engine.listResults(RESULTS_SHOWN) : undefined]);
    filesStore.set(results ? { files, results, error: undefined } : { files, error: undefined });
  } catch (error) {
    filesStore.set({ error: asWireError(error).message });
  }
}

function save(name: string, bytes: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([bytes]));
  const link = Object.assign(document.createElement("a"), { href: url, download: name.split("/").pop() ?? name });
  link.click();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves a file from the file area through a temporary object URL. */
export async function downloadFile(engine: EngineClient, name: string): Promise<void> {
  try {
    const { bytes } = await engine.readFile(name);
    save(name, bytes);
  } catch (error) {
    filesStore.set({ error: asWireError(error).message });
  }
}

/** Saves a cached result as a file in its storage format (native tables as Feather v2). */
export async function downloadResult(engine: EngineClient, dataVersion: string): Promise<void> {
  try {
    const { name, bytes } = await engine.readResult(dataVersion);
    save(name, bytes);
  } catch (error) {
    filesStore.set({ error: asWireError(error).message });
  }
}

export async function uploadFiles(engine: EngineClient, files: FileList | readonly File[]): Promise<void> {
  try {
    for (const file of Array.from(files)) await engine.uploadFile(file.name, await file.arrayBuffer());
  } catch (error) {
    filesStore.set({ error: asWireError(error).message });
  }
  await refreshFiles(engine);
  announce("files");
}
