import { useEffect, useMemo, useRef, useState } from "react";
import { asWireError } from "../../worker/errors";
import type { ChartChoice, ChartData } from "../../worker/protocol";
import { useEngine } from "../app/engine";
import { useStore } from "../state/store";
import { workspacesStore } from "../state/workspaces";
import { selectTheme, themeStore } from "../theme/theme";
import { rememberChart } from "../workspaces/session";
import { setChartShown } from "../state/panels";
import { ChartControls } from "./ChartControls";
import { chartSvg, drawChart, type Palette } from "./drawChart";
import { exportPng, exportSvg } from "./exportChart";
import { adjustChoice, suggestChart, type Column } from "./suggest";
import "./chart.css";

export { warmUpCharts } from "./warmUp";

type Loaded = { state: "loading" } | { state: "ready"; data: ChartData } | { state: "error"; message: string };

/** Colours as the theme has them now; the chart is redrawn when the theme changes. */
function palette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { text: read("--text", "#1d2125"), muted: read("--muted", "#5d6369"), accent: read("--accent", "#2f5bd3"), background: read("--panel", "#ffffff") };
}

/** A table result as a chart: the worker bins or groups it, Plot draws the few thousand points. */
export default function ChartView({ node, dataVersion, columns }: { node: string; dataVersion: string; columns: Column[] }) {
  const engine = useEngine();
  const theme = useStore(themeStore, selectTheme);
  const saved = useStore(workspacesStore, (s) => s.active?.charts?.[node]);
  const [picked, setPicked] = useState<ChartChoice>();
  const choice = useMemo(() => {
    const start = picked ?? saved ?? suggestChart(columns);
    return start && adjustChoice(start, columns);
  }, [picked, saved, columns]);
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded }>();
  const key = JSON.stringify([dataVersion, choice]);
  const host = useRef<HTMLDivElement>(null);
  // The bottom panel grows while a chart is on screen (state/panels.ts CHART_BASIS).
  useEffect(() => {
    setChartShown(true);
    return () => setChartShown(false);
  }, []);

  // Keyed by content: saving the choice hands back an equal but new object, which must not ask again.
  useEffect(() => {
    const [version, wanted] = JSON.parse(key) as [string, ChartChoice | undefined];
    if (!wanted) return;
    let current = true;
    engine.chartData({ dataVersion: version, choice: wanted }).then(
      (data) => current && setLoaded({ key, value: { state: "ready", data } }),
      (error: unknown) => current && setLoaded({ key, value: { state: "error", message: asWireError(error).message } }),
    );
    return () => {
      current = false;
    };
  }, [engine, key]);

  const shown: Loaded = loaded?.key === key ? loaded.value : { state: "loading" };
  const data = shown.state === "ready" && shown.data.kind === "chart" ? shown.data : undefined;
  // Drawn to fill the panel, and redrawn when its size changes by more than a little (a pane
  // resized). The observer reports the first size once laid out: drawing never forces a layout.
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      const height = Math.round(entry.contentRect.height);
      setSize((old) => (Math.abs(old.width - width) > 24 || Math.abs(old.height - height) > 24 ? { width, height } : old));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const { width, height } = size;
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    // Nothing drawable (a missing value, a failed request): no stale chart stays behind.
    if (!data) return element.replaceChildren();
    if (width === 0) return;
    // Drawn in a task of its own, not in React's commit: each stays well under a frame.
    const task = setTimeout(() => {
      const drawn = drawChart(data, palette(element), Math.max(320, width), height);
      // The container (role img) names the chart; Plot's labelled <g>s have no role of their own.
      drawn.setAttribute("aria-hidden", "true");
      element.replaceChildren(drawn);
    });
    return () => clearTimeout(task);
  }, [data, theme, width, height]);

  if (!choice) return <div className="sl-muted sl-preview-note">No column here can be charted (numbers, dates or text are needed).</div>;
  const change = (next: ChartChoice) => {
    const adjusted = adjustChoice(next, columns);
    setPicked(adjusted);
    void rememberChart(node, adjusted).catch(() => undefined);
  };
  const withSvg = (act: (svg: SVGSVGElement) => unknown) => {
    const drawn = host.current?.firstElementChild;
    const svg = drawn ? chartSvg(drawn) : null;
    if (svg) void Promise.resolve(act(svg)).catch(() => undefined);
  };
  return (
    <div className="sl-chart-view">
      <div className="sl-chart-bar">
        <ChartControls choice={choice} columns={columns} onChange={change} />
        <div className="sl-muted sl-chart-summary" aria-live="polite">
          {shown.state === "loading" ? "Drawing…" : shown.state === "error" ? `Could not chart the value: ${shown.message}` : shown.data.kind === "missing" ? shown.data.reason : `${shown.data.summary} · ${shown.data.numRows.toLocaleString()} rows`}
        </div>
        <div className="sl-chart-exports">
          <button type="button" data-testid="chart-export-svg" disabled={!data} onClick={() => withSvg((s) => exportSvg(s, node))}>
            SVG
          </button>
          <button type="button" data-testid="chart-export-png" disabled={!data} onClick={() => withSvg((s) => exportPng(s, node))}>
            PNG
          </button>
        </div>
      </div>
      <div className="sl-chart" data-testid="chart" data-mark={data?.choice.mark} data-x={data?.choice.x} data-y={data?.choice.y} role="img" aria-label={data ? `${data.choice.mark} chart: ${data.summary}` : "Chart"} ref={host} />
    </div>
  );
}
