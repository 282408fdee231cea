// Page helpers over the SPEC §9 hooks, shared by the specs. Everything waits web-first.
import { expect, type Locator, type Page } from "@playwright/test";
import { getExample } from "../src/examples";

export type Status = "executed" | "cached" | "failed" | "input" | "override" | "skipped" | "running" | "pending";

export const graphNode = (page: Page, name: string): Locator => page.getByTestId(`graph-node-${name}`);
export const runItems = (page: Page): Locator => page.getByTestId("run-history").getByTestId("run-item");

/** The text the app starts an example with, so a test can derive the edit it types. */
export function exampleSource(id: string): string {
  const example = getExample(id);
  if (!example) throw new Error(`No example ${id}`);
  return example.source;
}

/** Opens an example and waits until Monaco (not the fallback textarea) is in charge. */
export async function openExample(page: Page, id: string): Promise<void> {
  await page.goto(`./?example=${id}`);
  await waitForEditor(page);
}

/**
 * Opens an example from the toolbar's menu, in the page already loaded (no new page load), and
 * waits until it is the open workspace with its own, empty history: `run()` counts from there.
 * Only for an example not opened before in this page's profile (its copy would have runs).
 */
export async function pickExample(page: Page, id: string): Promise<void> {
  const menu = page.getByTestId("examples-menu");
  await menu.selectOption(id);
  await expect(menu).toHaveValue(id);
  await expect(page.getByTestId("run-history")).toHaveAttribute("data-loaded", "true");
  await expect(runItems(page)).toHaveCount(0);
  await expect(page.getByTestId("run-button")).toBeEnabled();
}

export async function waitForEditor(page: Page): Promise<void> {
  await waitForApp(page);
  await expect(page.getByTestId("run-button")).toBeEnabled();
}

/** Monaco is up and the history loaded; Run may still be held (a link not yet trusted). */
export async function waitForApp(page: Page): Promise<void> {
  await expect(page.getByTestId("editor").locator(".monaco-editor")).toBeVisible();
  // run() counts history items before and after: the count must be the cache's, not a first render's.
  await expect(page.getByTestId("run-history")).toHaveAttribute("data-loaded", "true");
}

/** Runs and waits for the run to land in the history: statuses then belong to this run, not the last. */
export async function run(page: Page): Promise<void> {
  const before = await runItems(page).count();
  await clickRun(page);
  await expect(runItems(page)).toHaveCount(before + 1);
}

export async function clickRun(page: Page): Promise<void> {
  const button = page.getByTestId("run-button");
  await expect(button).toBeEnabled();
  await button.click();
}

export async function expectStatuses(page: Page, statuses: Record<string, Status>): Promise<void> {
  for (const [name, status] of Object.entries(statuses)) {
    await expect(graphNode(page, name), `status of ${name}`).toHaveAttribute("data-status", status);
  }
}

/** Replaces the whole text the way a user pasting would: focus, select all, insert. */
export async function replaceCode(page: Page, text: string): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press("ControlOrMeta+A");
  // insertText is one input event (like a paste): no auto-closing brackets or auto-indent.
  await page.keyboard.insertText(text);
}

export async function focusEditor(page: Page): Promise<void> {
  // Near the top of what is shown: `.view-lines` is as tall as the whole text, so its centre can
  // lie below the visible editor (a long example), where a click lands on another panel.
  await page.getByTestId("editor").locator(".monaco-editor .overflow-guard").click({ position: { x: 120, y: 8 } });
}

/**
 * Asserts what the editor's text holds, asked the way a user would: with Find (Ctrl/Cmd+F), which
 * searches the whole model, not only the lines Monaco happens to render.
 */
export async function expectEditorText(page: Page, text: string, { contains = true } = {}): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press("ControlOrMeta+F");
  const find = page.getByTestId("editor").locator(".find-widget");
  await find.getByRole("textbox", { name: "Find" }).fill(text);
  await expect(find.locator(".matchesCount")).toHaveText(contains ? /of [1-9]/ : /No results/);
  await page.keyboard.press("Escape");
}

export const workspaceItems = (page: Page): Locator => page.getByTestId("workspace-list").getByTestId("workspace-item");
export const workspaceItem = (page: Page, name: string | RegExp): Locator =>
  workspaceItems(page).filter({ has: page.getByTestId("workspace-name").getByText(name, { exact: true }) });

/** Waits until what was typed is on disk (the editor header says "Saved"). */
export async function waitForSave(page: Page): Promise<void> {
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
}

/** Opens a workspace's ⋯ menu and picks an action (rename, duplicate, export-ts, export-json, delete). */
export async function workspaceAction(page: Page, name: string, action: string): Promise<void> {
  const item = workspaceItem(page, name);
  await item.getByTestId("workspace-menu").click();
  await item.getByTestId(`workspace-${action}`).click();
}
