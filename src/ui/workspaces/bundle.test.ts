import { describe, expect, it } from "vitest";
import { backupOf, bundleOf, fileNameFor, parseImport } from "./bundle";
import { EMPTY_CONTENT, type Workspace } from "./model";

const bytes = (text: string) => new TextEncoder().encode(text);
const workspace = (name: string, source: string): Workspace => ({
  ...EMPTY_CONTENT,
  source,
  inputs: { values: { n: "3" }, types: { n: "number" } },
  id: name,
  name,
  origin: { kind: "blank" },
  trusted: true,
  edited: true,
  cache: { backend: "indexeddb", path: "sluice_cache" },
  createdAt: 1,
  updatedAt: 1,
  openedAt: 1,
  rev: 1,
});

describe("workspace files", () => {
  it("imports a module file as a workspace named after it", () => {
    expect(parseImport("orders.ts", bytes("\uFEFFexport const a = () => 1;\n"))).toEqual({
      ok: true,
      items: [{ name: "orders", content: { ...EMPTY_CONTENT, source: "export const a = () => 1;\n" }, trusted: true }],
    });
  });

  it("round-trips a bundle and a backup", () => {
    const a = workspace("A", "export const a = () => 1;");
    const b = { ...workspace("B", "export const b = () => 2;"), trusted: false };
    const one = parseImport("a.json", bytes(JSON.stringify(bundleOf(a))));
    expect(one).toEqual({ ok: true, items: [{ name: "A", content: { source: a.source, inputs: a.inputs, driver: {}, behaviors: {}, requested: undefined }, trusted: true }] });
    const all = parseImport("backup.json", bytes(JSON.stringify(backupOf([a, b]))));
    expect(all.ok && all.items.map((i) => [i.name, i.content.source, i.trusted])).toEqual([
      ["A", a.source, true],
      ["B", b.source, false],
    ]);
  });

  it("leaves chart choices and network answers out of exports (they are ways of looking, not the dataflow)", () => {
    const a = { ...workspace("A", "export const a = () => 1;"), charts: { a: { mark: "bar" as const, x: "city" } }, network: { "https://x.org": "allow" as const } };
    const text = JSON.stringify([bundleOf(a), backupOf([a])]);
    expect(text).not.toContain("charts");
    expect(text).not.toContain("x.org");
  });

  it("refuses files that are not workspaces, whole, saying why", () => {
    const refused = (name: string, data: Uint8Array) => {
      const result = parseImport(name, data);
      expect(result.ok).toBe(false);
      return result.ok ? "" : result.message;
    };
    expect(refused("photo.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]))).toMatch(/not a text file/);
    expect(refused("notes.txt", bytes("hello"))).toMatch(/not a workspace/);
    expect(refused("data.json", bytes("{ nope"))).toMatch(/not valid JSON/);
    expect(refused("package.json", bytes(JSON.stringify({ name: "x" })))).toMatch(/not a Sluice workspace or backup/);
    expect(refused("bad.json", bytes(JSON.stringify({ format: "sluice-workspace", workspace: { source: 1 } })))).toMatch(/damaged/);
    const backup = backupOf([workspace("A", "a")]);
    expect(refused("half.json", bytes(JSON.stringify({ ...backup, workspaces: [...backup.workspaces, { name: "B" }] })))).toMatch(/Nothing was imported/);
    expect(refused("huge.ts", new Uint8Array(5 * 1024 * 1024 + 1))).toMatch(/too large/);
  });

  it("makes file names every system accepts", () => {
    expect(fileNameFor("Sales: Q3/Q4 <draft>", ".ts")).toBe("Sales_ Q3_Q4 _draft_.ts");
    expect(fileNameFor("", ".json")).toBe("workspace.json");
  });
});
