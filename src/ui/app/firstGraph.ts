/**
 * The moment the page's first graph is on screen. Creating the Monaco editor is a main-thread
 * task of 0.6-1 s (CPU profile of a load, loaded machine); started at boot it could land between
 * the first analysis and the graph, so the editor is created after it instead (CodeEditor).
 * Waiting is capped: an editor must come even if no graph ever does.
 */
let shown = false;
const waiting = new Set<() => void>();

/** Called by the graph once its first cards are measured and visible, or there is nothing to draw. */
export function markFirstGraph(): void {
  if (shown) return;
  shown = true;
  for (const resolve of waiting) resolve();
  waiting.clear();
}

/** Resolves after the first graph has had a frame to paint, or after `capMs`, whichever is first. */
export function afterFirstGraph(capMs: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      waiting.delete(onShown);
      clearTimeout(timer);
      resolve();
    };
    // Two frames: React Flow shows measured cards in the frame after they are measured.
    const onShown = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(finish)));
    const timer = setTimeout(finish, capMs);
    if (shown) onShown();
    else waiting.add(onShown);
  });
}
