import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Cell, Preview } from "../../worker/protocol";
import { useEngine } from "../app/engine";
import { columnWidths, formatCell } from "./columnWidths";
import { PAGE_ROWS } from "./usePreview";

const ROW_PX = 24;
const OVERSCAN = 12;
const DIGIT_PX = 7.4;

type TablePreview = Extract<Preview, { kind: "table" }>;

/**
 * A table of any length: only the rows in view are in the DOM, and pages of rows are fetched
 * from the worker as they scroll into view. Remount (key) it for another value.
 */
export function DataGrid({ dataVersion, first }: { dataVersion: string; first: TablePreview }) {
  const engine = useEngine();
  const viewport = useRef<HTMLDivElement>(null);
  const requested = useRef(new Set<number>([0]));
  const [pages, setPages] = useState<Record<number, Cell[][]>>({ 0: first.rows });
  const [view, setView] = useState({ top: 0, height: 320 });
  // Widths follow every page loaded so far: they only grow, so columns never shrink under the eye.
  const widths = useMemo(() => columnWidths(first.columns, Object.values(pages).flat()), [first, pages]);
  const indexPx = Math.round(String(first.numRows).length * DIGIT_PX + 20);
  const template = `${indexPx}px ${widths.map((w) => `${w}px`).join(" ")}`;
  const total = indexPx + widths.reduce((a, b) => a + b, 0);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setView((v) => ({ ...v, height: element.clientHeight })));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const start = Math.max(0, Math.floor(view.top / ROW_PX) - OVERSCAN);
  const end = Math.min(first.numRows, Math.ceil((view.top + view.height) / ROW_PX) + OVERSCAN);

  useEffect(() => {
    let live = true;
    for (let page = Math.floor(start / PAGE_ROWS); page * PAGE_ROWS < end; page++) {
      if (requested.current.has(page)) continue;
      requested.current.add(page);
      engine.preview({ dataVersion, offset: page * PAGE_ROWS, limit: PAGE_ROWS }).then(
        (p) => live && p.kind === "table" && setPages((all) => ({ ...all, [page]: p.rows })),
        // A failed page is asked again when it scrolls back into view.
        () => requested.current.delete(page),
      );
    }
    return () => {
      live = false;
    };
  }, [engine, dataVersion, start, end]);

  const rows = [];
  for (let i = start; i < end; i++) {
    const row = pages[Math.floor(i / PAGE_ROWS)]?.[i % PAGE_ROWS];
    rows.push(
      <div key={i} className="sl-grid-row" style={{ top: i * ROW_PX, gridTemplateColumns: template, width: total }}>
        <span className="sl-grid-index">{i}</span>
        {first.columns.map((column, c) => {
          const cell = row?.[c];
          return (
            <span key={column.name} className={typeof cell === "number" ? "sl-grid-num" : cell === null ? "sl-grid-null" : undefined}>
              {row ? formatCell(cell) : "…"}
            </span>
          );
        })}
      </div>,
    );
  }

  return (
    <div className="sl-grid" ref={viewport} onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
      <div className="sl-grid-header" style={{ gridTemplateColumns: template, width: total }}>
        <span className="sl-grid-index">#</span>
        {first.columns.map((column) => (
          <span key={column.name} title={`${column.name}: ${column.type}`}>
            <strong>{column.name}</strong> <em>{column.type}</em>
          </span>
        ))}
      </div>
      <div className="sl-grid-body" style={{ height: first.numRows * ROW_PX, width: total }}>
        {rows}
      </div>
    </div>
  );
}
