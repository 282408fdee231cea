/**
 * Published demos (SPEC.md §12, README "Publishing a demo"): every `published/*.sluice` of the
 * project is unpacked into `dist/published/<slug>/` (its manifest and one file per body, at the
 * paths the manifest names) and listed in `dist/published/index.json`. Bodies are named by their
 * data version or checksum, so a host may cache them forever; only manifests and the index change.
 * Written after the bundle is closed, so the service worker's precache list never holds them: a
 * visitor's browser keeps just the bodies it read (IndexedDB `sluice_published`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runnerImport, type Plugin } from "vite";

type Zip = typeof import("./src/engine/stores/bundle/zip");
type Manifest = typeof import("./src/engine/stores/bundle/manifest");

/**
 * The engine's own reader, so a bundle the build accepts is one a browser accepts. Loaded through
 * Vite's module runner when used: the config itself stays free of the engine's imports.
 */
async function engineReader(): Promise<{ unzipBundle: Zip["unzipBundle"]; isSafePath: Manifest["isSafePath"] }> {
  const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  const [zip, manifest] = await Promise.all([
    runnerImport<Zip>(at("./src/engine/stores/bundle/zip.ts")),
    runnerImport<Manifest>(at("./src/engine/stores/bundle/manifest.ts")),
  ]);
  return { unzipBundle: zip.module.unzipBundle, isSafePath: manifest.module.isSafePath };
}

export const PUBLISHED_DIR = "published";

interface Unpacked {
  slug: string;
  name: string;
  files: Map<string, Uint8Array>;
}

const slugOfFile = (file: string) =>
  file.replace(/\.sluice$/i, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "bundle";

/** Each bundle checked as a visitor's browser checks it: a damaged one fails the build, by name. */
async function unpackAll(root: string): Promise<Unpacked[]> {
  // SLUICE_PUBLISHED_DIR: another folder of bundles (the e2e suite builds a demo of its own).
  const dir = process.env.SLUICE_PUBLISHED_DIR ? resolve(process.env.SLUICE_PUBLISHED_DIR) : join(root, PUBLISHED_DIR);
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".sluice")) : [];
  if (names.length === 0) return [];
  const { unzipBundle, isSafePath } = await engineReader();
  return names
    .sort()
    .map((file) => {
      let opened;
      try {
        opened = unzipBundle(new Uint8Array(readFileSync(join(dir, file))));
      } catch (error) {
        throw new Error(`${PUBLISHED_DIR}/${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const files = new Map<string, Uint8Array>([["manifest.json", new TextEncoder().encode(JSON.stringify(opened.manifest))]]);
      for (const [path, bytes] of opened.bodies) if (isSafePath(path)) files.set(path, bytes);
      return { slug: slugOfFile(file), name: opened.manifest.name, files };
    });
}

function indexOf(bundles: readonly Unpacked[]): string {
  const demo = process.env.SLUICE_DEMO;
  if (demo && !bundles.some((b) => b.slug === demo)) throw new Error(`SLUICE_DEMO=${demo}, but ${PUBLISHED_DIR}/ has no ${demo}.sluice`);
  return JSON.stringify({ ...(demo && { demo }), bundles: bundles.map(({ slug, name }) => ({ slug, name })) });
}

export function publishedPlugin(): Plugin {
  let root = process.cwd();
  let outDir = "dist";
  return {
    name: "sluice-published",
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: "post",
      async handler() {
        const bundles = await unpackAll(root);
        for (const bundle of bundles) {
          for (const [path, bytes] of bundle.files) {
            const target = join(outDir, PUBLISHED_DIR, bundle.slug, path);
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, bytes);
          }
        }
        mkdirSync(join(outDir, PUBLISHED_DIR), { recursive: true });
        writeFileSync(join(outDir, PUBLISHED_DIR, "index.json"), indexOf(bundles));
      },
    },
    // The dev server answers the same paths from the same unpacking, read afresh on each index.
    configureServer(server) {
      let bundles: Unpacked[] = [];
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? "").split("?")[0]);
        const prefix = `/${PUBLISHED_DIR}/`;
        if (!path.startsWith(prefix)) return next();
        const rest = path.slice(prefix.length);
        const [slug, ...inner] = rest.split("/");
        const answer = async () => {
          if (rest === "index.json" || !bundles.some((b) => b.slug === slug)) bundles = await unpackAll(root);
          return rest === "index.json" ? new TextEncoder().encode(indexOf(bundles)) : bundles.find((b) => b.slug === slug)?.files.get(inner.join("/"));
        };
        answer().then((body) => {
          if (!body) return next();
          res.setHeader("Content-Type", path.endsWith(".json") ? "application/json" : "application/octet-stream");
          res.end(body);
        }, next);
      });
    },
  };
}
