import { createStore } from "./store";

/** The module text being edited, and which example it came from (if any). */
export interface DocumentState {
  source: string;
  exampleId: string | undefined;
  /** Bumped on every edit: persistence and analysis drop work for older texts. */
  revision: number;
}

export const documentStore = createStore<DocumentState>({ source: "", exampleId: undefined, revision: 0 });

export function setSource(source: string): void {
  documentStore.set((s) => (s.source === source ? s : { ...s, source, revision: s.revision + 1 }));
}

export function replaceDocument(source: string, exampleId: string | undefined): void {
  documentStore.set((s) => ({ source, exampleId, revision: s.revision + 1 }));
}

export const selectSource = (s: DocumentState) => s.source;
export const selectExampleId = (s: DocumentState) => s.exampleId;
export const selectRevision = (s: DocumentState) => s.revision;
