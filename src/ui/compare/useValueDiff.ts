import { useEffect, useState } from "react";
import { asWireError } from "../../worker/errors";
import type { ResponseMap } from "../../worker/protocol";
import { useEngine } from "../app/engine";

type Answer = ResponseMap["diffValues"];

/** The worker's diff of two data versions; an answer for an older choice is dropped. */
export function useValueDiff(before: string | undefined, after: string | undefined, key: string | undefined): { diff?: Answer; error?: string; loading: boolean } {
  const engine = useEngine();
  const id = before && after ? JSON.stringify([before, after, key]) : undefined;
  const [result, setResult] = useState<{ id: string; diff?: Answer; error?: string }>();
  useEffect(() => {
    if (!id || !before || !after) return;
    let current = true;
    engine.diffValues({ before, after, key }).then(
      (diff) => current && setResult({ id, diff }),
      (error: unknown) => current && setResult({ id, error: asWireError(error).message }),
    );
    return () => {
      current = false;
    };
  }, [engine, id, before, after, key]);
  if (!id) return { loading: false };
  return result?.id === id ? { ...result, loading: false } : { loading: true };
}
