import { Inflate, deflateSync, strFromU8, strToU8 } from "fflate";
import type { WorkspaceContent } from "../workspaces/model";
import { contentFrom, isRecord } from "../workspaces/sanitize";

/** What a share link carries: the dataflow and how to run it, never results, history or settings. */
export interface SharedWorkspace extends WorkspaceContent {
  v: 1;
  /** The sender's name for it, if any; the visitor's copy is named after it. */
  name?: string;
}

export type ShareLinkRead = { ok: true; shared: SharedWorkspace } | { ok: false; reason: string };

const PREFIX = "#share=";
/** A link larger than this is not a dataflow someone wrote; it is refused unread. */
export const MAX_LINK_CHARS = 2 * 1024 * 1024;
/** Inflated, a link may not grow past this (a small link can inflate to gigabytes). */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
}

/** Inflates with a ceiling, chunk by chunk, so a crafted link cannot exhaust memory. */
function inflateCapped(bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_INFLATED_BYTES) throw new RangeError("too large");
    chunks.push(chunk);
  });
  inflate.push(bytes, true);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) out.set(chunk, (at += chunk.length) - chunk.length);
  return out;
}

/**
 * A link that opens this dataflow anywhere the app is deployed: the state rides in the URL's
 * hash (deflated, base64url), so no server ever sees it.
 * @example shareUrl(workspace, "https://example.org/sluice/") // "https://example.org/sluice/#share=eJx..."
 */
export function shareUrl(workspace: WorkspaceContent & { name?: string }, base: string): string {
  const url = new URL(base);
  url.search = "";
  url.hash = PREFIX.slice(1) + toBase64Url(deflateSync(strToU8(JSON.stringify({ v: 1, ...workspace })), { level: 9 }));
  return url.href;
}

export const isShareHash = (hash: string) => hash.startsWith(PREFIX);

/**
 * Reads a `#share=` hash. Links come from other people: the size is capped before and after
 * inflating, every field is checked and typed, and anything else in it is dropped.
 */
export function readShareLink(hash: string): ShareLinkRead {
  if (hash.length > MAX_LINK_CHARS) return { ok: false, reason: "it is larger than 2 MB, far more than any dataflow needs" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(inflateCapped(fromBase64Url(hash.slice(PREFIX.length)))));
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: "it unpacks to more than 8 MB" };
    return { ok: false, reason: "it is damaged (cut short or changed): it does not unpack" };
  }
  if (!isRecord(parsed) || parsed.v !== 1) return { ok: false, reason: "it is not a Sluice share link (no version 1 payload)" };
  const content = contentFrom(parsed);
  if (!content) return { ok: false, reason: "it carries no module text" };
  const name = typeof parsed.name === "string" && parsed.name.trim() ? parsed.name.trim().slice(0, 120) : undefined;
  return { ok: true, shared: { v: 1, ...content, ...(name && { name }) } };
}

/** The workspace in a `#share=` hash, or undefined when there is none or it is refused. */
export function readShared(hash: string): SharedWorkspace | undefined {
  if (!isShareHash(hash)) return undefined;
  const read = readShareLink(hash);
  return read.ok ? read.shared : undefined;
}

/** Links this long are keyed by their hash only; shorter ones can be keyed by their text. */
const MAX_PLAIN_KEY = 16 * 1024;

/**
 * The same dataflow always gives the same key, however the link was written, so it opens once.
 * SHA-256 from Web Crypto (the page's policy allows no WebAssembly). A page served over plain
 * http from another host has no Web Crypto: there a short link is keyed by its text, and a long
 * one is not deduplicated (undefined).
 */
export async function linkKeyOf(shared: SharedWorkspace): Promise<string | undefined> {
  const { source, inputs, driver, behaviors, requested, name } = shared;
  const canonical = JSON.stringify([source, inputs, driver, behaviors, requested ?? null, name ?? null]);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return canonical.length <= MAX_PLAIN_KEY ? `text_${canonical}` : undefined;
  const digest = new Uint8Array(await subtle.digest("SHA-256", new TextEncoder().encode(canonical)));
  return "link_" + Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
