/**
 * The network broker of the engine worker: node code in the compute realm cannot open a
 * connection, so `fetchTable` asks here. The page decides per origin (it asks the visitor once
 * and keeps the answer); a refused origin fails the node with NETWORK_DENIED naming the URL.
 */
import { SluiceError } from "../engine";
import type { FetchedBytes } from "../realm/protocol";
import type { NetworkBroker } from "../realm/serveBackend";

export type AskPage = (origin: string, url: string) => Promise<boolean>;

/** Questions sent to the page, waiting for its answer. */
export function createAskTable(send: (askId: number, origin: string, url: string) => void) {
  let next = 0;
  const waiting = new Map<number, (allow: boolean) => void>();
  return {
    ask(origin: string, url: string): Promise<boolean> {
      const askId = ++next;
      return new Promise<boolean>((resolve) => {
        waiting.set(askId, resolve);
        send(askId, origin, url);
      });
    },
    answer(askId: number, allow: boolean): boolean {
      const resolve = waiting.get(askId);
      waiting.delete(askId);
      resolve?.(allow);
      return resolve !== undefined;
    },
  };
}

function parse(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SluiceError("NETWORK_DENIED", `Cannot fetch ${url}: fetchTable needs an absolute http(s) URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new SluiceError("NETWORK_DENIED", `Cannot fetch ${url}: only http and https URLs can be fetched`);
  }
  return parsed;
}

export function createNetworkBroker(ask: AskPage, doFetch: typeof fetch = (...args) => fetch(...args)): NetworkBroker {
  return async (url: string): Promise<FetchedBytes> => {
    const parsed = parse(url);
    if (!(await ask(parsed.origin, parsed.href))) {
      throw new SluiceError("NETWORK_DENIED", `Network access to ${url} was refused: ${parsed.origin} is not allowed for this workspace`);
    }
    let response: Response;
    try {
      // No cookies or credentials of the app's origin go with a request node code made.
      response = await doFetch(parsed.href, { credentials: "omit" });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new SluiceError("STORAGE", `Could not fetch ${url} (offline or blocked?): ${why}`, { cause: error });
    }
    const bytes = await response.arrayBuffer();
    return { url: parsed.href, status: response.status, statusText: response.statusText, contentType: response.headers.get("content-type"), bytes };
  };
}
