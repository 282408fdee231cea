import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import type { CachingBehavior } from "../../engine/types";
import type { DriverOptions } from "../../worker/protocol";
import type { InputsState } from "../state/inputs";

/** What a share link carries: the dataflow and how to run it, never results or history. */
export interface SharedWorkspace {
  v: 1;
  source: string;
  inputs: InputsState;
  driver: DriverOptions;
  behaviors: Record<string, CachingBehavior>;
  requested: string[] | undefined;
}

const PREFIX = "#share=";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
}

/**
 * A link that opens this workspace anywhere the app is deployed: the state rides in the URL's
 * hash (deflated, base64url), so no server ever sees it.
 * @example shareUrl(workspace, "https://example.org/sluice/") // "https://example.org/sluice/#share=eJx..."
 */
export function shareUrl(workspace: Omit<SharedWorkspace, "v">, base: string): string {
  const url = new URL(base);
  url.search = "";
  url.hash = PREFIX.slice(1) + toBase64Url(deflateSync(strToU8(JSON.stringify({ v: 1, ...workspace })), { level: 9 }));
  return url.href;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const stringsOnly = (value: unknown): Record<string, string> =>
  isRecord(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string")) : {};

/**
 * The workspace in a `#share=` hash, or undefined when there is none or it is damaged. Links come
 * from other people: every field is checked, and a missing one gets its empty default.
 */
export function readShared(hash: string): SharedWorkspace | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(inflateSync(fromBase64Url(hash.slice(PREFIX.length)))));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.v !== 1 || typeof parsed.source !== "string") return undefined;
  const inputs = isRecord(parsed.inputs) ? parsed.inputs : {};
  const requested = Array.isArray(parsed.requested) ? parsed.requested.filter((r): r is string => typeof r === "string") : undefined;
  return {
    v: 1,
    source: parsed.source,
    inputs: { values: stringsOnly(inputs.values), types: stringsOnly(inputs.types) as InputsState["types"] },
    driver: isRecord(parsed.driver) ? (parsed.driver as DriverOptions) : {},
    behaviors: stringsOnly(parsed.behaviors) as Record<string, CachingBehavior>,
    requested,
  };
}
