import { createStore } from "./store";

/** The module text being edited, and which example it came from (if any). */
export interface DocumentState {
  source: string;
  exampleId: string | undefined;
  /** True once the text differs from the example it was opened from. */
  edited: boolean;
  /** Bumped on every edit: persistence and analysis drop work for older texts. */
  revision: number;
}

export const documentStore = createStore<DocumentState>({ source: "", exampleId: undefined, edited: false, revision: 0 });

export function setSource(source: string): void {
  documentStore.set((s) => (s.source === source ? s : { ...s, source, edited: true, revision: s.revision + 1 }));
}

export function replaceDocument(source: string, exampleId: string | undefined, edited = false): void {
  documentStore.set((s) => ({ source, exampleId, edited, revision: s.revision + 1 }));
}

export const selectSource = (s: DocumentState) => s.source;
export const selectExampleId = (s: DocumentState) => s.exampleId;
export const selectEdited = (s: DocumentState) => s.edited;
export const selectRevision = (s: DocumentState) => s.revision;
