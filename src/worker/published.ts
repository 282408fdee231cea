import { checksumOf, indexedDbBodyCache, openPublished, slugOf, SluiceError, type BodyCache, type PublishedLayer } from "../engine";
import type { PublishedSummary, RunSummary } from "./protocol";

/** Where an imported `.sluice` file is kept, so its workspace opens again after a reload. */
const BUNDLE_PATH = "bundle.sluice";
const bundleNamespace = (id: string) => `bundle:${id}`;

/**
 * The published caches this worker has opened, by id: a folder's URL, or `bundle:<slug>-<sum>`
 * for an imported file (its bytes kept in the browser's `sluice_published` database, beside the
 * bodies fetched from hosts, never in the visitor's cache).
 */
export function createPublishedShelf(summarize: (layer: PublishedLayer) => RunSummary[], cache: BodyCache = indexedDbBodyCache()) {
  const opened = new Map<string, Promise<PublishedLayer>>();

  const summaryOf = (id: string, layer: PublishedLayer): PublishedSummary => ({
    id,
    slug: layer.slug,
    name: layer.manifest.name,
    createdAt: layer.manifest.createdAt,
    workspace: layer.manifest.workspace,
    runs: summarize(layer),
    results: layer.manifest.results.length,
    files: layer.manifest.files.map((f) => f.name),
  });

  function remember(id: string, opening: Promise<PublishedLayer>): Promise<PublishedLayer> {
    opened.set(id, opening);
    // A folder that did not answer may answer later: a failed open is not kept.
    opening.catch(() => opened.delete(id));
    return opening;
  }

  async function layer(id: string): Promise<PublishedLayer> {
    const known = opened.get(id);
    if (known) return known;
    if (id.startsWith("bundle:")) {
      return remember(
        id,
        cache.get(bundleNamespace(id), BUNDLE_PATH).then((bytes) => {
          if (!bytes) throw new SluiceError("STORAGE", "This published workspace's bundle is no longer kept in this browser; import the .sluice file again");
          return openPublished(bytes, { slug: slugFromId(id) });
        }),
      );
    }
    return remember(id, openPublished(id, { cache }));
  }

  return {
    layer,
    /** A `.sluice` file's bytes: checked whole, kept, and opened. */
    async importBundle(bytes: Uint8Array): Promise<PublishedSummary> {
      const layer = await openPublished(bytes);
      const sum = (await checksumOf({ bytes }))!.replace(/[^a-z0-9]/gi, "").slice(0, 12);
      const id = `bundle:${slugOf(layer.manifest.name)}-${sum}`;
      await cache.put(bundleNamespace(id), BUNDLE_PATH, bytes);
      opened.set(id, Promise.resolve(layer));
      return summaryOf(id, layer);
    },
    /** A published folder on a static host (its manifest now, bodies when read). */
    async openFolder(url: string): Promise<PublishedSummary> {
      return summaryOf(url, await layer(url));
    },
    fetched: async (id: string) => (await layer(id)).fetched(),
  };
}

const slugFromId = (id: string) => id.slice("bundle:".length).replace(/-[a-z0-9]{1,12}$/i, "");

export type PublishedShelf = ReturnType<typeof createPublishedShelf>;
