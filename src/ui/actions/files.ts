import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import { filesStore } from "../state/files";
import { panelsStore } from "../state/panels";
import { uploadsStore } from "../state/uploads";
import { setNotice } from "../state/workspaces";
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

/** How long a finished upload's bar stays, so that a quick one is seen to have happened. */
const DONE_SHOWN_MS = 1500;

/**
 * Uploads files one at a time. Each File goes to the engine worker as it is (posting a File
 * shares its blob, nothing is read here), which streams it to disk and reports progress: the
 * page never holds a file's bytes, so a 500 MB upload does not freeze it. Cancel stops them all.
 */
export async function uploadFiles(engine: EngineClient, files: FileList | readonly File[]): Promise<void> {
  const list = Array.from(files);
  const abort = new AbortController();
  const cancel = () => abort.abort();
  // Every file is either kept and listed or refused in words: one refused does not stop the rest,
  // and what was said outlives the refresh of the list that follows.
  const refused: string[] = [];
  for (const [i, file] of list.entries()) {
    if (abort.signal.aborted) break;
    const show = (loaded: number, done = false) =>
      uploadsStore.set({ upload: { name: file.name, loaded, total: file.size, index: i + 1, count: list.length, done, cancel } });
    show(0);
    try {
      await engine.uploadFile(file.name, file, { onProgress: (loaded) => show(loaded), signal: abort.signal });
      show(file.size, true);
    } catch (error) {
      if (abort.signal.aborted) break;
      refused.push(asWireError(error).message);
    }
  }
  const shown = uploadsStore.get().upload;
  if (shown?.done) setTimeout(() => uploadsStore.set((s) => (s.upload === shown ? { upload: undefined } : s)), DONE_SHOWN_MS);
  else uploadsStore.set({ upload: undefined });
  await refreshFiles(engine);
  if (refused.length > 0) {
    const text = refused.join(" ");
    filesStore.set({ error: text });
    // Said where the page says things too: a file dropped on the page may not have the Files tab open.
    setNotice({ tone: "error", text });
  }
  announce("files");
}
