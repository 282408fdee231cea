import { useEffect } from "react";
import { startExplaining } from "../actions/explain";
import { useEngine } from "../app/engine";

/** While the graph is shown: the draft's plan kept current, and shown runs explained. */
export function useExplaining(): void {
  const engine = useEngine();
  useEffect(() => startExplaining(engine), [engine]);
}
