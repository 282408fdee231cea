// What a visitor can be handed, fed generated input (issue 21): share links, workspace files and
// backups, `.sluice` bundles, and module text. Each gives an answer or a refusal in words (a
// coded error for the engine's), never an uncaught exception or a hang.
import fc from "fast-check";
import { describe, it } from "vitest";
import { analyzeModules, openPublished } from "../../engine";
import { damaged, fuzzParams, settlesCoded } from "../../engine/testing/fuzz";
import { SOURCES } from "../../examples/sources";
import { readShareLink, shareUrl } from "../share/shareLink";
import { parseImport } from "./bundle";
import { readFileSync } from "node:fs";

const fail = (problem: string | undefined) => {
  if (problem) throw new Error(problem);
};
const refusesInWords = (value: unknown) => typeof value === "object" && value !== null && "ok" in value && (value.ok === true || typeof (value as { reason?: unknown; message?: unknown }).reason === "string" || typeof (value as { message?: unknown }).message === "string");
const content = { source: SOURCES.changingCode, inputs: { values: { cutoff_date: "2024-09-01" }, types: {} }, driver: {}, behaviors: {}, requested: ["amount_per_country"] };
const text = (s: string) => new TextEncoder().encode(s);

describe("inputs a visitor is handed, under generated input", () => {
  it("share links: damaged, random and crafted hashes are read or refused in words", async () => {
    const hash = new URL(shareUrl(content, "https://x.test/app/")).hash;
    const hashes = fc.oneof(
      damaged(text(hash)).map((b) => new TextDecoder().decode(b)),
      fc.string({ maxLength: 2000 }).map((s) => `#share=${s}`),
      fc.base64String({ maxLength: 4000 }).map((s) => `#share=${s.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`),
    );
    await fc.assert(fc.asyncProperty(hashes, async (h) => fail(await settlesCoded(() => readShareLink(h), refusesInWords))), fuzzParams(150));
  });

  it("workspace files, bundles and backups: damaged and random ones are imported or refused in words", async () => {
    const bundle = text(JSON.stringify({ format: "sluice-workspace", name: "w", workspace: content }));
    const backup = text(JSON.stringify({ format: "sluice-backup", workspaces: [{ name: "a", trusted: false, workspace: content }] }));
    const files = fc.oneof(
      damaged(bundle).map((b) => ["w.sluice.json", b] as const),
      damaged(backup).map((b) => ["backup.json", b] as const),
      fc.uint8Array({ maxLength: 3000 }).map((b) => ["m.ts", b] as const),
      fc.json({ maxDepth: 6 }).map((j) => ["j.json", text(j)] as const),
    );
    await fc.assert(fc.asyncProperty(files, async ([name, bytes]) => fail(await settlesCoded(() => parseImport(name, bytes), refusesInWords))), fuzzParams(150));
  });

  it(".sluice bundles: damaged copies open or are refused with a coded error", async () => {
    const bundle = new Uint8Array(readFileSync(new URL("../../../published/changing-code.sluice", import.meta.url)));
    await fc.assert(fc.asyncProperty(damaged(bundle), async (bytes) => fail(await settlesCoded(() => openPublished(bytes)))), fuzzParams(80));
  });

  it("module text: token soup, deep nesting and long lines are analysed or refused with a coded error", async () => {
    const token = fc.constantFrom("export", "function", "const", "(", ")", "{", "}", "=>", "=", ",", "a", "b", "raw_data", "import", "from", '"sluice"', '"arquero"', "cache", "(", ";", "\n", "`", "${", "return", "async", "await", "/*", "*/", "//", "<T>", ": number", "...", "default", "class", "new", "1e999", "'");
    const soup = fc.array(token, { maxLength: 300 }).map((t) => t.join(" "));
    const nested = fc.integer({ min: 1, max: 3000 }).map((n) => `export function f() { return ${"[".repeat(n)}${"]".repeat(n)}; }`);
    const long = fc.integer({ min: 1, max: 200_000 }).map((n) => `export function f() { return "${"x".repeat(n)}"; }`);
    const edited = damaged(text(SOURCES.changingCode)).map((b) => new TextDecoder().decode(b));
    await fc.assert(fc.asyncProperty(fc.oneof(soup, nested, long, edited), async (source) => fail(await settlesCoded(() => analyzeModules([source])))), fuzzParams(120));
  });
});
