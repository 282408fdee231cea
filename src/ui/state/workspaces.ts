import type { Workspace } from "../workspaces/model";
import { createStore } from "./store";

export type SaveStatus = "saved" | "pending" | "failed";

/** A message about workspaces, with an optional way back (undo a delete, a restore). */
export interface WorkspaceNotice {
  text: string;
  tone: "info" | "warning" | "error";
  action?: { label: string; testId: string; run: () => void };
}

export interface WorkspacesState {
  /** Saved workspaces, most recently changed first. */
  list: Workspace[];
  trash: Workspace[];
  /** The open workspace as last saved or loaded (name, trust, origin; its content lives in the editor's stores). */
  active: Workspace | undefined;
  save: SaveStatus;
  saveError: string | undefined;
  /** How many other tabs have the open workspace open too. */
  otherTabs: number;
  notice: WorkspaceNotice | undefined;
}

export const workspacesStore = createStore<WorkspacesState>({
  list: [],
  trash: [],
  active: undefined,
  save: "saved",
  saveError: undefined,
  otherTabs: 0,
  notice: undefined,
});

export function setNotice(notice: WorkspaceNotice | undefined): void {
  workspacesStore.set({ notice });
}

export const selectWorkspaces = (s: WorkspacesState) => s.list;
export const selectTrash = (s: WorkspacesState) => s.trash;
export const selectActive = (s: WorkspacesState) => s.active;
export const selectActiveId = (s: WorkspacesState) => s.active?.id;
export const selectSaveStatus = (s: WorkspacesState) => s.save;
export const selectOtherTabs = (s: WorkspacesState) => s.otherTabs;
export const selectWorkspaceNotice = (s: WorkspacesState) => s.notice;
/** Nothing from a link runs until its visitor says so. */
export const selectMayRun = (s: WorkspacesState) => s.active?.trusted !== false;
