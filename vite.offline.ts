/**
 * Build support for working offline (README, "Offline and installing"): writes `sw.js`, a service
 * worker that precaches every file of the build. The list is taken from the build itself (the
 * bundle, workers, sandbox.html, index.html, and the public folder) rather than kept by hand, and
 * its version is a hash of every file's name and bytes, so a new deploy gets a cache of its own.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Plugin } from "vite";
import { SANDBOX_FLAGS, SANDBOX_PAGE } from "./src/realm/sandboxPage.ts";
import { SERVICE_WORKER, serviceWorkerSource } from "./src/sw/serviceWorker.ts";

/** The cache version: a short hash over the sorted names and contents, so any change renames it. */
export function precacheVersion(files: ReadonlyMap<string, string | Uint8Array>): string {
  const hash = createHash("sha256");
  for (const name of [...files.keys()].sort()) {
    hash.update(name).update("\0").update(files.get(name) ?? "").update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** Built files left out of the first visit's precache, and cached when first fetched. */
export const LAZY = /(^|\/)(duckdb-eh-[^/]*\.wasm|duckdbScript-[^/]*\.js)$/;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

export function offlinePlugin(): Plugin {
  let publicDir: string | false = false;
  return {
    name: "sluice-offline",
    apply: "build",
    configResolved(config) {
      // Worker bundles run their own plugin list, so this only ever sees the app's build.
      publicDir = config.build.copyPublicDir && config.publicDir ? config.publicDir : false;
    },
    generateBundle: {
      // After the other plugins have emitted theirs (index.html, sandbox.html).
      order: "post",
      handler(_options, bundle) {
        const files = new Map<string, string | Uint8Array>();
        for (const [name, output] of Object.entries(bundle)) {
          files.set(name, output.type === "chunk" ? output.code : output.source);
        }
        if (publicDir) for (const name of listFiles(publicDir)) files.set(name, readFileSync(join(publicDir, name)));
        files.delete(SERVICE_WORKER);
        if (!files.has("index.html")) this.error("sluice-offline: the build has no index.html to precache");
        // DuckDB (35 MB) is fetched when a dataflow first has a sql() node, and kept from then on.
        const names = [...files.keys()].sort();
        const list = names.filter((name) => !LAZY.test(name));
        const lazy = names.filter((name) => LAZY.test(name));
        this.emitFile({
          type: "asset",
          fileName: SERVICE_WORKER,
          source: serviceWorkerSource(precacheVersion(files), list, { page: SANDBOX_PAGE, flags: SANDBOX_FLAGS }, lazy),
        });
      },
    },
  };
}
