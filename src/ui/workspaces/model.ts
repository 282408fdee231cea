import type { CachingBehavior } from "../../engine/types";
import type { BackendKind, ChartChoice, DriverOptions } from "../../worker/protocol";
import type { InputsState } from "../state/inputs";

/** What a dataflow is: everything a run needs, and everything export, import and links carry. */
export interface WorkspaceContent {
  source: string;
  inputs: InputsState;
  /** `withCache` options. */
  driver: DriverOptions;
  /** Per-node choices from the graph. */
  behaviors: Record<string, CachingBehavior>;
  /** Requested outputs; undefined means the sinks of the graph. */
  requested: string[] | undefined;
}

/** Where a workspace came from: it decides how it is named, reused and trusted. */
export type WorkspaceOrigin =
  | { kind: "blank" }
  | { kind: "example"; exampleId: string }
  | { kind: "link"; openedAt: number }
  | { kind: "file"; fileName: string }
  | { kind: "copy"; of: string }
  /**
   * A published bundle (SPEC.md §12): its layer (`layer`, the worker's id for it: a folder's URL
   * or an imported file kept in the browser) sits under this workspace's cache.
   */
  | { kind: "published"; layer: string; slug: string; openedAt: number }
  /** The single draft an earlier Sluice kept, carried over by the upgrade. */
  | { kind: "draft" };

export interface CacheChoice {
  backend: BackendKind;
  /** IndexedDB database name; every workspace shares `sluice_cache` unless it picks its own. */
  path: string;
}

export interface Workspace extends WorkspaceContent {
  id: string;
  name: string;
  origin: WorkspaceOrigin;
  /** False for a dataflow from a share link until the visitor says it may run. */
  trusted: boolean;
  /** The text differs from what the example or link opened with. */
  edited: boolean;
  cache: CacheChoice;
  createdAt: number;
  /** When its content last changed (the list's order). */
  updatedAt: number;
  /** When it was last opened: a plain visit opens the most recent. */
  openedAt: number;
  /** Set while it is in the trash. */
  deletedAt?: number;
  /** Bumped by every content save: a tab saves only over the revision it has seen. */
  rev: number;
  /** Indexed copies of the origin, for "open this example / link again". */
  exampleId?: string;
  linkKey?: string;
  /** Runs recorded before runs had tags belong to the workspace the upgrade made. */
  ownsUntaggedRuns?: boolean;
  /**
   * The visitor's answers to "may this code fetch from <origin>?" (fetchTable), per origin. Kept
   * apart from the content: never exported, never in a link.
   */
  network?: Record<string, "allow" | "deny">;
  /** How each node's table is charted (issue 12): a way of looking, so never exported or linked. */
  charts?: Record<string, ChartChoice>;
}

export const DEFAULT_CACHE: CacheChoice = { backend: "indexeddb", path: "sluice_cache" };

export const EMPTY_CONTENT: WorkspaceContent = { source: "", inputs: { values: {}, types: {} }, driver: {}, behaviors: {}, requested: undefined };

/** Ids are random and short; `crypto.getRandomValues` works on plain-http hosts, unlike randomUUID. */
export function newWorkspaceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("").slice(0, 14);
}

export function contentOf(workspace: WorkspaceContent): WorkspaceContent {
  const { source, inputs, driver, behaviors, requested } = workspace;
  return { source, inputs, driver, behaviors, requested };
}

/** Equal content saves nothing: opening a workspace must not bump it or wake other tabs. */
export function sameContent(a: WorkspaceContent, b: WorkspaceContent): boolean {
  return JSON.stringify(contentOf(a)) === JSON.stringify(contentOf(b));
}

/** The node names a module exports, read cheaply (no parse) to name a workspace after them. */
export function exportedNames(source: string): string[] {
  return [...source.matchAll(/^\s*export\s+(?:async\s+)?(?:function\*?|const|let|var)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
}

/** "a, b, c +2": what a dataflow holds, for a workspace that came without a name. */
export function describeSource(source: string): string {
  const names = exportedNames(source);
  if (names.length === 0) return "empty dataflow";
  const shown = names.slice(-3);
  return shown.join(", ") + (names.length > shown.length ? ` +${names.length - shown.length}` : "");
}
