/**
 * Builds the bench page, serves it on 127.0.0.1 and opens it in headless Chromium with a real
 * on-disk profile (a persistent context: incognito contexts keep IndexedDB in memory, which
 * would flatter every storage figure).
 */
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../scripts/chromium.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const OUT = join(here, ".out");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(root, path === "/" ? "index.html" : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The renderer processes of our profile: the page and its engine worker live in one of them. */
export function rendererPids(profileDir) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes("--type=renderer") && cmd.includes(profileDir)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export function rssBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the renderers' resident memory every 20 ms; `stop()` returns the peak seen and the
 * resident memory at the start. The process list is refreshed once a second, not per sample,
 * so that sampling steals little CPU from the run on a 2-core machine.
 */
export function sampleMemory(profileDir) {
  let pids = rendererPids(profileDir);
  const total = () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
  const start = total();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, total())), 20);
  const refresh = setInterval(() => (pids = rendererPids(profileDir)), 1000);
  return {
    stop() {
      clearInterval(timer);
      clearInterval(refresh);
      return { peak: Math.max(peak, total()), start };
    },
  };
}

function launchOptions(extraArgs) {
  const options = chromiumLaunchOptions();
  return { ...options, args: [...options.args, ...extraArgs] };
}

/** `extraArgs`: more Chromium flags (bench/memory.mjs opens a DevTools port). */
export async function openBench(extraArgs = []) {
  await build({ configFile: join(here, "vite.config.ts") });
  const server = await serve(OUT);
  const profileDir = mkdtempSync(join(tmpdir(), "sluice-bench-"));
  const context = await chromium.launchPersistentContext(profileDir, { headless: true, ...launchOptions(extraArgs) });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready");
  return {
    page,
    profileDir,
    version: context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent)),
    async close() {
      await context.close();
      server.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
