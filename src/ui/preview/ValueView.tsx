import { lazy, Suspense, useEffect, useState } from "react";
import { DataGrid } from "./DataGrid";
import { notKept } from "./notKept";
import type { NodeFacts } from "./useNodeFacts";
import { usePreview } from "./usePreview";

function Json({ text, truncated }: { text: string; truncated?: boolean }) {
  return (
    <div className="sl-json-wrap">
      <pre className="sl-json sl-mono">{text}</pre>
      {truncated && <div className="sl-muted">Cut at 200,000 characters: download it from Files if the node writes one.</div>}
    </div>
  );
}

// Plot (and d3 under it) loads only once a table is shown, never with the page: fetched and
// evaluated while the browser is idle, then warmed up by a few small charts drawn off screen, so
// opening the Chart tab neither waits for the chunk nor pays Plot's first-call compilation.
const loadChartView = () => import("../chart/ChartView");
const ChartView = lazy(loadChartView);
let chartPrefetched = false;
function prefetchChartView(): void {
  if (chartPrefetched) return;
  chartPrefetched = true;
  const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
  idle(() =>
    void loadChartView().then(
      (module) => module.warmUpCharts(idle),
      () => (chartPrefetched = false),
    ),
  );
}

/** The table's two views; the chart is chosen per visit, its settings per node in the workspace. */
function ViewSwitch({ chart, onChange }: { chart: boolean; onChange: (chart: boolean) => void }) {
  return (
    <div className="sl-view-switch" role="group" aria-label="Show the table as">
      <button type="button" data-testid="preview-table" aria-pressed={!chart} onClick={() => onChange(false)}>
        Table
      </button>
      <button type="button" data-testid="preview-chart" aria-pressed={chart} onClick={() => onChange(true)}>
        Chart
      </button>
    </div>
  );
}

/** The node's value: a table grid, formatted JSON, or why there is nothing to show. */
export function ValueView({ facts }: { facts: NodeFacts }) {
  const dataVersion = facts.inputValue ? undefined : facts.dataVersion;
  const preview = usePreview(dataVersion);
  const [chart, setChart] = useState(false);
  const isTable = preview.state === "ready" && preview.value.kind === "table";
  useEffect(() => {
    if (isTable) prefetchChartView();
  }, [isTable]);
  if (facts.inputValue) return <Json text={JSON.stringify(facts.inputValue.value, null, 2) ?? "undefined"} />;
  if (!facts.dataVersion) {
    const why = facts.status === "failed" ? "The node failed, so it has no value." : facts.status === "skipped" ? "Not needed by this run." : "No value yet: run the dataflow.";
    return <div className="sl-muted sl-preview-note">{why}</div>;
  }
  switch (preview.state) {
    case "idle":
    case "loading":
      return <div className="sl-muted sl-preview-note">Loading value…</div>;
    case "error":
      return <div className="sl-error-text sl-preview-note">Could not load the value: {preview.message}</div>;
    case "ready": {
      const value = preview.value;
      if (value.kind === "table") {
        return (
          <div className="sl-table-view">
            <div className="sl-table-head">
              <span className="sl-muted">
                Table · {value.numRows.toLocaleString()} rows × {value.columns.length} columns
              </span>
              <ViewSwitch chart={chart} onChange={setChart} />
            </div>
            {chart ? (
              <Suspense fallback={<div className="sl-muted sl-preview-note">Loading the chart…</div>}>
                <ChartView key={facts.dataVersion} node={facts.name} dataVersion={facts.dataVersion} columns={value.columns} />
              </Suspense>
            ) : (
              <DataGrid key={facts.dataVersion} dataVersion={facts.dataVersion} first={value} />
            )}
          </div>
        );
      }
      if (value.kind === "value") {
        return (
          <div className="sl-table-view">
            <div className="sl-muted">{value.type}</div>
            <Json text={value.json} truncated={value.truncated} />
          </div>
        );
      }
      return (
        <div className="sl-muted sl-preview-note" data-testid="value-missing">
          {notKept(facts, value.reason)}
        </div>
      );
    }
  }
}
