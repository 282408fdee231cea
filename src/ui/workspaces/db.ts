import Dexie, { type EntityTable, type Transaction } from "dexie";
import { getExample } from "../../examples";
import type { CachingBehavior } from "../../engine/types";
import type { DriverOptions } from "../../worker/protocol";
import type { InputsState } from "../state/inputs";
import { DEFAULT_CACHE, newWorkspaceId, type Workspace } from "./model";

/** The one draft Sluice 0.1 kept (`sluice_app` version 1); the upgrade turns it into a workspace. */
export interface LegacyDraft {
  key: "workspace";
  source: string;
  exampleId: string | undefined;
  edited?: boolean;
  inputs: InputsState;
  driver: DriverOptions;
  behaviors: Record<string, CachingBehavior>;
  requested: string[] | undefined;
  savedAt: number;
}

export type AppDatabase = Dexie & {
  workspace: EntityTable<LegacyDraft, "key">;
  workspaces: EntityTable<Workspace, "id">;
};

export const APP_DATABASE = "sluice_app";

export function workspaceFromDraft(draft: LegacyDraft): Workspace {
  const example = draft.exampleId ? getExample(draft.exampleId) : undefined;
  const edited = draft.edited ?? draft.exampleId === undefined;
  const at = draft.savedAt || Date.now();
  return {
    id: newWorkspaceId(),
    name: example && !edited ? example.title : "My dataflow",
    origin: { kind: "draft" },
    trusted: true,
    edited,
    source: draft.source,
    inputs: draft.inputs ?? { values: {}, types: {} },
    driver: draft.driver ?? {},
    behaviors: draft.behaviors ?? {},
    requested: draft.requested,
    cache: { ...DEFAULT_CACHE },
    createdAt: at,
    updatedAt: at,
    openedAt: at,
    rev: 1,
    ...(example && !edited && { exampleId: example.id }),
    ownsUntaggedRuns: true,
  };
}

async function migrateDraft(tx: Transaction): Promise<void> {
  const draft = (await tx.table("workspace").get("workspace")) as LegacyDraft | undefined;
  // The old row stays: a tab still running the old version keeps working until it reloads.
  if (draft && typeof draft.source === "string") await tx.table("workspaces").add(workspaceFromDraft(draft));
}

/**
 * The app's own database (the cache is another one). Saves are `strict`: a workspace is
 * flushed to disk before the save resolves, so a killed browser keeps what was typed.
 */
export function openAppDatabase(name = APP_DATABASE): AppDatabase {
  const db = new Dexie(name, { chromeTransactionDurability: "strict" }) as AppDatabase;
  db.version(1).stores({ workspace: "key" });
  db.version(2).stores({ workspace: "key", workspaces: "id, updatedAt, openedAt, linkKey, exampleId, deletedAt" }).upgrade(migrateDraft);
  return db;
}
