import { useCallback, useEffect, useState } from "react";
import { useEngine } from "../app/engine";
import { asWireError } from "../../worker/errors";
import type { DecodedCacheKey, Preview } from "../../worker/protocol";

export const PAGE_ROWS = 200;

export type Loaded<T> = { state: "idle" } | { state: "loading" } | { state: "ready"; value: T } | { state: "error"; message: string };

/** Fetches through the worker; an answer for a value no longer shown is dropped. */
function useWorkerValue<T>(key: string | undefined, fetch: (key: string) => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<{ key: string; loaded: Loaded<T> }>();
  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    fetch(key).then(
      (value) => current && setResult({ key, loaded: { state: "ready", value } }),
      (error: unknown) => current && setResult({ key, loaded: { state: "error", message: asWireError(error).message } }),
    );
    return () => {
      current = false;
    };
  }, [key, fetch]);
  if (key === undefined) return { state: "idle" };
  return result?.key === key ? result.loaded : { state: "loading" };
}

/** The first page of a value; the grid asks for more pages as it scrolls. */
export function usePreview(dataVersion: string | undefined): Loaded<Preview> {
  const engine = useEngine();
  const fetch = useCallback((key: string) => engine.preview({ dataVersion: key, offset: 0, limit: PAGE_ROWS }), [engine]);
  return useWorkerValue(dataVersion, fetch);
}

export function useDecodedKey(cacheKey: string | undefined): Loaded<DecodedCacheKey> {
  const engine = useEngine();
  return useWorkerValue(cacheKey, engine.decodeKey);
}
