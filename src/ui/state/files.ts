import type { FileInfo, StoredResultInfo } from "../../worker/protocol";
import { createStore } from "./store";

export interface FilesState {
  files: FileInfo[];
  /** Results in the cache, listed as files under their data versions (SPEC.md §7). */
  results: StoredResultInfo[];
  error: string | undefined;
}

export const filesStore = createStore<FilesState>({ files: [], results: [], error: undefined });

export const selectFiles = (s: FilesState) => s.files;
export const selectResults = (s: FilesState) => s.results;
export const selectFilesError = (s: FilesState) => s.error;
