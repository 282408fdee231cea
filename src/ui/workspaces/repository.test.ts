import Dexie from "dexie";
import { afterEach, describe, expect, it } from "vitest";
import { getExample } from "../../examples";
import { openAppDatabase, type LegacyDraft } from "./db";
import { EMPTY_CONTENT } from "./model";
import { createWorkspaceRepository, TRASH_DAYS } from "./repository";

let names = 0;
const opened: Dexie[] = [];
function fresh(name = `ws_test_${++names}`) {
  const db = openAppDatabase(name);
  opened.push(db);
  return { db, repo: createWorkspaceRepository(db) };
}
afterEach(() => opened.splice(0).forEach((db) => db.close()));

/** Today's `sluice_app` as Sluice 0.1 wrote it: version 1, one row keyed "workspace". */
async function writeLegacy(name: string, draft: LegacyDraft): Promise<void> {
  const old = new Dexie(name);
  old.version(1).stores({ workspace: "key" });
  await old.table("workspace").put(draft);
  old.close();
}

const DRAFT: LegacyDraft = {
  key: "workspace",
  source: "export function mine(cutoff_date) { return cutoff_date; }",
  exampleId: "basics",
  edited: true,
  inputs: { values: { cutoff_date: "2024-09-03" }, types: { cutoff_date: "text" } },
  driver: { recompute: ["mine"] },
  behaviors: { mine: "disable" },
  requested: ["mine"],
  savedAt: 1_700_000_000_000,
};

describe("workspace store", () => {
  it("turns today's saved draft into the first workspace, keeping everything it held", async () => {
    await writeLegacy("ws_upgrade", DRAFT);
    const { repo } = fresh("ws_upgrade");
    const [first, ...rest] = await repo.list();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      name: "My dataflow",
      origin: { kind: "draft" },
      trusted: true,
      edited: true,
      source: DRAFT.source,
      inputs: DRAFT.inputs,
      driver: DRAFT.driver,
      behaviors: DRAFT.behaviors,
      requested: DRAFT.requested,
      updatedAt: DRAFT.savedAt,
      ownsUntaggedRuns: true,
    });
    expect(await repo.mostRecentlyOpened()).toEqual(first);
  });

  it("names an untouched example draft after the example, and migrates nothing when there was none", async () => {
    await writeLegacy("ws_upgrade_example", { ...DRAFT, source: getExample("basics")!.source, edited: false });
    expect((await fresh("ws_upgrade_example").repo.list()).map((w) => [w.name, w.exampleId])).toEqual([["Basics", "basics"]]);
    expect(await fresh().repo.list()).toEqual([]);
  });

  it("saves over the revision it has seen only; another tab's newer save wins", async () => {
    const { repo } = fresh();
    const w = await repo.create({ name: "A", origin: { kind: "blank" }, content: EMPTY_CONTENT });
    const first = await repo.save(w.id, { ...EMPTY_CONTENT, source: "export const a = () => 1;" }, w.rev, true);
    expect(first).toMatchObject({ status: "saved", workspace: { rev: 2, edited: true } });
    const stale = await repo.save(w.id, { ...EMPTY_CONTENT, source: "export const a = () => 2;" }, w.rev, true);
    expect(stale).toMatchObject({ status: "conflict", current: { rev: 2, source: "export const a = () => 1;" } });
    // Naming it is not an edit of its content: a tab's next save still goes through.
    await repo.update(w.id, { name: "Renamed" });
    expect(await repo.save(w.id, { ...EMPTY_CONTENT, source: "x" }, 2, true)).toMatchObject({ status: "saved", workspace: { name: "Renamed", rev: 3 } });
  });

  it("two tabs saving the same text over one revision: no conflict, no new revision", async () => {
    const { repo } = fresh();
    const w = await repo.create({ name: "A", origin: { kind: "blank" }, content: EMPTY_CONTENT });
    const same = { ...EMPTY_CONTENT, source: "export const a = () => 1;" };
    expect(await repo.save(w.id, same, w.rev, true)).toMatchObject({ status: "saved", workspace: { rev: 2 } });
    // The second tab still saves over revision 1, with the text the first tab saved.
    expect(await repo.save(w.id, same, w.rev, true)).toMatchObject({ status: "saved", workspace: { rev: 2, edited: true } });
    expect(await repo.save(w.id, { ...same, inputs: { values: { x: "1" }, types: {} } }, w.rev, true)).toMatchObject({ status: "conflict" });
    expect((await repo.list()).map((x) => x.rev)).toEqual([2]);
  });

  it("deletes into a trash that can be undone, and empties it after its time", async () => {
    let now = 1_000_000;
    const db = openAppDatabase(`ws_test_${++names}`);
    opened.push(db);
    const repo = createWorkspaceRepository(db, () => now);
    const a = await repo.create({ name: "A", origin: { kind: "blank" }, content: EMPTY_CONTENT });
    const b = await repo.create({ name: "B", origin: { kind: "blank" }, content: EMPTY_CONTENT });
    await repo.remove(a.id);
    expect((await repo.list()).map((w) => w.name)).toEqual(["B"]);
    expect((await repo.trash()).map((w) => w.name)).toEqual(["A"]);
    expect(await repo.save(a.id, EMPTY_CONTENT, a.rev, false)).toEqual({ status: "gone" });
    await repo.restore(a.id);
    expect((await repo.list()).map((w) => w.name).sort()).toEqual(["A", "B"]);
    await repo.remove(b.id);
    now += (TRASH_DAYS + 1) * 24 * 60 * 60 * 1000;
    expect(await repo.purgeTrash()).toBe(1);
    expect(await repo.get(b.id)).toBeUndefined();
  });

  it("finds the copy a link or an example made, so neither opens twice", async () => {
    const { repo } = fresh();
    const link = await repo.create({ name: "Shared", origin: { kind: "link", openedAt: 1 }, content: EMPTY_CONTENT, trusted: false, linkKey: "link_1" });
    expect(await repo.findByLink("link_1")).toMatchObject({ id: link.id, trusted: false });
    expect(await repo.findByLink("link_2")).toBeUndefined();
    await repo.remove(link.id);
    expect(await repo.findByLink("link_1")).toBeUndefined();

    const example = await repo.create({ name: "Basics", origin: { kind: "example", exampleId: "basics" }, content: EMPTY_CONTENT });
    expect((await repo.findExampleCopy("basics"))?.id).toBe(example.id);
    // Once edited it is the user's: picking the example again gives a clean copy.
    await repo.save(example.id, { ...EMPTY_CONTENT, source: "mine" }, example.rev, true);
    expect(await repo.findExampleCopy("basics")).toBeUndefined();
  });

  it("duplicates content, trust and cache choice under a new id", async () => {
    const { repo } = fresh();
    const w = await repo.create({ name: "A", origin: { kind: "link", openedAt: 1 }, content: { ...EMPTY_CONTENT, source: "s" }, trusted: false });
    await repo.update(w.id, { cache: { backend: "indexeddb", path: "mine" } });
    const copy = (await repo.duplicate(w.id))!;
    expect(copy).toMatchObject({ name: "A (copy)", source: "s", trusted: false, cache: { path: "mine" }, origin: { kind: "copy", of: w.id } });
    expect(copy.id).not.toBe(w.id);
  });
});
