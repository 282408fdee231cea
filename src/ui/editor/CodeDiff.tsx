import "./codeDiff.css";
import { useEffect, useRef, useState } from "react";

/** A node's code against the compared run's, in Monaco's diff editor (loaded on demand). */
export function CodeDiff({ original, modified, node, onClose }: { original: string; modified: string; node: string; onClose(): void }) {
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let diff: { dispose(): void } | undefined;
    void import("./diffEditor").then(({ createCodeDiff }) => {
      if (cancelled || !container.current) return;
      diff = createCodeDiff(container.current, original, modified, node);
      setReady(true);
    });
    return () => {
      cancelled = true;
      diff?.dispose();
    };
  }, [original, modified, node]);
  return (
    <div className="sl-code-diff" data-testid="code-diff" data-ready={ready ? "true" : "false"}>
      <div className="sl-code-diff-head">
        <span>
          Code of <span className="sl-mono">{node}</span>: compared run (left) → this run (right)
        </span>
        <button type="button" onClick={onClose}>
          Close diff
        </button>
      </div>
      <div ref={container} className="sl-code-diff-body" />
    </div>
  );
}
