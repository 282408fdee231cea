import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, test, type BrowserContext } from "@playwright/test";
import { chromiumLaunchOptions } from "./browser";
import { exampleSource, expectEditorText, replaceCode, waitForEditor } from "./app";

// A real on-disk profile: incognito contexts keep IndexedDB in memory, so a crash there proves nothing.
const launch = (dir: string) => chromium.launchPersistentContext(dir, { headless: true, ...chromiumLaunchOptions() });

/** What a power cut or `kill -9` does: every process of this profile dies at once, nothing flushed. */
function killBrowser(dir: string): void {
  try {
    execFileSync("pkill", ["-KILL", "-f", dir]);
  } catch {
    // pkill exits 1 when nothing matched: the browser is gone either way.
  }
}

test("text typed a second before the browser is killed is there after a restart", async ({ baseURL }) => {
  const dir = mkdtempSync(join(tmpdir(), "sluice-crash-"));
  let context: BrowserContext | undefined;
  try {
    context = await launch(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(new URL("./?example=changing-code", baseURL).href);
    await waitForEditor(page);
    await replaceCode(page, exampleSource("changing-code").replace("d.amount * 0.71", "d.amount * 0.6543"));
    // The scenario itself: one second after the last keystroke, the browser dies.
    await page.waitForTimeout(1000);
    killBrowser(dir);
    await context.close().catch(() => undefined);

    context = await launch(dir);
    const after = context.pages()[0] ?? (await context.newPage());
    await after.goto(new URL("./", baseURL).href);
    await waitForEditor(after);
    await expectEditorText(after, "d.amount * 0.6543");
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
