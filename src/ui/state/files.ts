import type { FileInfo } from "../../worker/protocol";
import { createStore } from "./store";

export interface FilesState {
  files: FileInfo[];
  error: string | undefined;
}

export const filesStore = createStore<FilesState>({ files: [], error: undefined });

export const selectFiles = (s: FilesState) => s.files;
export const selectFilesError = (s: FilesState) => s.error;
