import { createStore } from "./store";

/** The upload in flight (files go one at a time), shown by UploadProgress wherever they were dropped. */
export interface UploadState {
  name: string;
  loaded: number;
  total: number;
  /** 1-based position among the files of this drop or pick, and how many there are. */
  index: number;
  count: number;
  done: boolean;
  cancel: () => void;
}

export const uploadsStore = createStore<{ upload: UploadState | undefined }>({ upload: undefined });

export const selectUpload = (s: { upload: UploadState | undefined }) => s.upload;
