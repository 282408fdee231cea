import type { AppDatabase } from "./db";
import { contentOf, DEFAULT_CACHE, sameContent, newWorkspaceId, type Workspace, type WorkspaceContent, type WorkspaceOrigin } from "./model";

/** How long a deleted workspace stays in the trash. */
export const TRASH_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type SaveOutcome = { status: "saved"; workspace: Workspace } | { status: "conflict"; current: Workspace } | { status: "gone" };

export interface NewWorkspace {
  name: string;
  origin: WorkspaceOrigin;
  content: WorkspaceContent;
  trusted?: boolean;
  linkKey?: string;
}

const byRecent = (a: Workspace, b: Workspace) => b.updatedAt - a.updatedAt;

/**
 * Every saved dataflow. Content saves are checked against the revision the caller has seen, so
 * a tab never writes over another tab's save it has not loaded (see README, "Two tabs").
 */
export function createWorkspaceRepository(db: AppDatabase, now: () => number = Date.now) {
  return {
    async create({ name, origin, content, trusted = true, linkKey }: NewWorkspace): Promise<Workspace> {
      const at = now();
      const workspace: Workspace = {
        id: newWorkspaceId(),
        name,
        origin,
        trusted,
        edited: false,
        ...contentOf(content),
        cache: { ...DEFAULT_CACHE },
        createdAt: at,
        updatedAt: at,
        openedAt: at,
        rev: 1,
        ...(origin.kind === "example" && { exampleId: origin.exampleId }),
        ...(linkKey !== undefined && { linkKey }),
      };
      await db.workspaces.add(workspace);
      return workspace;
    },

    get: (id: string): Promise<Workspace | undefined> => db.workspaces.get(id),

    /** Saved workspaces, most recently changed first (the trash is apart). */
    async list(): Promise<Workspace[]> {
      return (await db.workspaces.toArray()).filter((w) => w.deletedAt === undefined).sort(byRecent);
    },

    async trash(): Promise<Workspace[]> {
      return (await db.workspaces.toArray()).filter((w) => w.deletedAt !== undefined).sort((a, b) => b.deletedAt! - a.deletedAt!);
    },

    /** Writes content over revision `baseRev` only; anything newer is the other tab's and wins. */
    async save(id: string, content: WorkspaceContent, baseRev: number, edited: boolean): Promise<SaveOutcome> {
      return db.transaction("rw", db.workspaces, async () => {
        const current = await db.workspaces.get(id);
        if (!current || current.deletedAt !== undefined) return { status: "gone" } as const;
        if (current.rev !== baseRev) {
          // Both tabs wrote the same text (one paste in each, an example picked in both): there is
          // nothing to keep apart, so no copy; this tab takes the other's revision as its own.
          if (sameContent(current, content) && (current.edited || !edited)) return { status: "saved", workspace: current } as const;
          return { status: "conflict", current } as const;
        }
        const workspace: Workspace = { ...current, ...contentOf(content), edited: current.edited || edited, rev: current.rev + 1, updatedAt: now() };
        await db.workspaces.put(workspace);
        return { status: "saved", workspace } as const;
      });
    },

    /** Name, trust, cache choice, opened time: facts about a workspace, not its content. */
    async update(id: string, patch: Partial<Pick<Workspace, "name" | "trusted" | "cache" | "openedAt" | "network" | "charts">>): Promise<Workspace | undefined> {
      await db.workspaces.update(id, patch);
      return db.workspaces.get(id);
    },

    async duplicate(id: string, name?: string): Promise<Workspace | undefined> {
      const source = await db.workspaces.get(id);
      if (!source) return undefined;
      const copy = await this.create({ name: name ?? `${source.name} (copy)`, origin: { kind: "copy", of: id }, content: source, trusted: source.trusted });
      // A copy keeps the cache its original chose; network answers are asked again.
      return (await this.update(copy.id, { cache: source.cache })) ?? copy;
    },

    remove: (id: string) => db.workspaces.update(id, { deletedAt: now() }),

    async restore(id: string): Promise<Workspace | undefined> {
      await db.workspaces.where("id").equals(id).modify((w) => void delete w.deletedAt);
      return db.workspaces.get(id);
    },

    /** Empties the trash of what has been there longer than `TRASH_DAYS`. */
    async purgeTrash(): Promise<number> {
      const before = now() - TRASH_DAYS * DAY_MS;
      return db.workspaces.where("deletedAt").below(before).delete();
    },

    /** The workspace a share link opened before, so the same link never makes two copies. */
    async findByLink(linkKey: string): Promise<Workspace | undefined> {
      return (await db.workspaces.where("linkKey").equals(linkKey).toArray()).find((w) => w.deletedAt === undefined);
    },

    /** The untouched copy of an example, if there is one: picking the example goes back to it. */
    async findExampleCopy(exampleId: string): Promise<Workspace | undefined> {
      const copies = await db.workspaces.where("exampleId").equals(exampleId).toArray();
      return copies.filter((w) => w.deletedAt === undefined && !w.edited).sort(byRecent)[0];
    },

    /** The one to open when the URL names none: the last one opened. */
    async mostRecentlyOpened(): Promise<Workspace | undefined> {
      return (await this.list()).sort((a, b) => b.openedAt - a.openedAt)[0];
    },
  };
}

export type WorkspaceRepository = ReturnType<typeof createWorkspaceRepository>;
