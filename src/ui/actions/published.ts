import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import type { PublishedSummary } from "../../worker/protocol";
import { historyStore } from "../state/history";
import { setNotice } from "../state/workspaces";
import { workspaceRepository } from "../workspaces/instance";
import type { Workspace } from "../workspaces/model";
import { contentFrom } from "../workspaces/sanitize";
import { listChanged } from "../workspaces/session";
import { selectRun } from "./history";
import type { UrlUpdate } from "./workspace";

/** What `npm run build` lists in `published/index.json` (vite.published.ts). */
export interface PublishedIndex {
  demo?: string;
  bundles: { slug: string; name: string }[];
}

/** The build's published folder of `slug`, beside the app (any sub-path it is served from). */
export const publishedFolder = (slug: string) => new URL(`published/${encodeURIComponent(slug)}/`, document.baseURI).href;

/** The bundles this build carries; none when it carries none (or the host has no index). */
export async function readPublishedIndex(): Promise<PublishedIndex | undefined> {
  try {
    const response = await fetch(new URL("published/index.json", document.baseURI));
    if (!response.ok) return undefined;
    const index = (await response.json()) as PublishedIndex;
    return Array.isArray(index.bundles) ? index : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle a first visit opens: the one the build named (`SLUICE_DEMO`), else the first. */
export const demoOf = (index: PublishedIndex | undefined) =>
  index?.bundles.find((b) => b.slug === index.demo)?.slug ?? index?.bundles[0]?.slug;

/**
 * A published bundle as a workspace of the visitor's own, like a link: untrusted, and the same
 * bundle opens the same copy. Its published runs are in the history before anything runs, and
 * the last of them is shown (statuses, log, previews), all read as data.
 */
export async function openPublishedSummary(
  engine: EngineClient,
  summary: PublishedSummary,
  open: (workspace: Workspace, how: UrlUpdate) => Promise<void>,
  how: UrlUpdate,
): Promise<boolean> {
  const content = contentFrom(summary.workspace);
  if (!content) {
    setNotice({ tone: "error", text: `The published dataflow "${summary.name}" opened nothing: its workspace has no module text. Your workspaces are as they were.` });
    return false;
  }
  const repo = workspaceRepository();
  const linkKey = `published:${summary.id}`;
  const existing = await repo.findByLink(linkKey);
  const workspace =
    existing ??
    (await repo.create({
      name: summary.name,
      origin: { kind: "published", layer: summary.id, slug: summary.slug, openedAt: Date.now() },
      content,
      trusted: false,
      linkKey,
    }));
  if (!existing) await listChanged();
  await open(workspace, how);
  const last = historyStore.get().visible.findLast((r) => r.source === "published");
  if (!existing && last) await selectRun(engine, last.runId);
  return true;
}

/** `?published=<slug>`: the build's folder of that name, fetched by path as it is read. */
export async function openPublishedSlug(engine: EngineClient, slug: string, open: (workspace: Workspace, how: UrlUpdate) => Promise<void>): Promise<boolean> {
  try {
    return await openPublishedSummary(engine, await engine.openPublished({ url: publishedFolder(slug) }), open, "replace");
  } catch (error) {
    setNotice({ tone: "error", text: `The published dataflow "${slug}" could not be opened: ${asWireError(error).message}. Your workspaces are as they were.` });
    return false;
  }
}

/** A `.sluice` file chosen or dropped: checked whole in the worker, kept in this browser, opened. */
export async function importBundleFile(engine: EngineClient, file: File, open: (workspace: Workspace, how: UrlUpdate) => Promise<void>): Promise<string | undefined> {
  try {
    const summary = await engine.openPublished({ bytes: await file.arrayBuffer() });
    await openPublishedSummary(engine, summary, open, "push");
    return undefined;
  } catch (error) {
    return `${file.name} opened nothing: ${asWireError(error).message}`;
  }
}
