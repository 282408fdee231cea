import { useEffect, useState } from "react";
import { useEngine } from "../app/engine";

const SMALL = 40;

/** A stored value's JSON when it is short (a number, a short string); undefined otherwise or until read. */
export function useSmallValue(dataVersion: string | undefined): string | undefined {
  const engine = useEngine();
  const [text, setText] = useState<{ dataVersion: string; json: string | undefined }>();
  useEffect(() => {
    // Stand-ins (`<ignore>`, `<disable>_…`) and unhashable values are not in the result store.
    if (!dataVersion?.startsWith("fp")) return;
    let current = true;
    engine.preview({ dataVersion, offset: 0, limit: 1 }).then(
      (preview) => current && setText({ dataVersion, json: preview.kind === "value" && !preview.truncated && preview.json.length <= SMALL ? preview.json : undefined }),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [engine, dataVersion]);
  return text && text.dataVersion === dataVersion ? text.json : undefined;
}
