import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import { filesStore } from "../state/files";

export async function refreshFiles(engine: EngineClient): Promise<void> {
  try {
    filesStore.set({ files: await engine.listFiles(), error: undefined });
  } catch (error) {
    filesStore.set({ error: asWireError(error).message });
  }
}

/** Saves a file from the file area through a temporary object URL. */
export async function downloadFile(engine: EngineClient, name: string): Promise<void> {
  try {
    const { bytes } = await engine.readFile(name);
    const url = URL.createObjectURL(new Blob([bytes]));
    const link = Object.assign(document.createElement("a"), { href: url, download: name.split("/").pop() ?? name });
    link.click();
    // The click has started the download by the time the next task runs.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  } catch (error) {
    filesStore.set({ error: asWireError(error).message });
  }
}

export async function uploadFiles(engine: EngineClient, files: FileList): Promise<void> {
  try {
    for (const file of Array.from(files)) await engine.uploadFile(file.name, await file.arrayBuffer());
  } catch (error) {
    filesStore.set({ error: asWireError(error).message });
  }
  await refreshFiles(engine);
}
