import type { DisplayStatus } from "../state/graphModel";
import { boundsOf, type Box } from "./bulkEdges";

/**
 * The canvas layer of a large graph zoomed out (CanvasCards.tsx): geometry and looks, kept free of
 * the DOM so they can be tested in Node.
 */

/**
 * Where the canvas sits in flow coordinates (`x`, `y`, `width`, `height`: it is placed there in the
 * viewport, whose transform then pans and scales it like the cards it replaces) and how many canvas
 * pixels it has per flow unit (`scale`).
 */
export interface CanvasFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
  pixelWidth: number;
  pixelHeight: number;
}

/** Chromium's canvas limits are far higher; this keeps one layer's bitmap to ~64 MB at most. */
const MAX_SIDE = 8192;
const MAX_PIXELS = 4096 * 4096;

/**
 * Canvas pixels per flow unit for a view at `zoom` on a screen of `ratio` device pixels per CSS
 * pixel: the next power of √2 at or above zoom × ratio, so the drawing is never blurred by being
 * scaled up, and a wheel zoom redraws it every few steps rather than on each.
 */
export function resolutionStep(zoom: number, ratio: number): number {
  const wanted = Math.max(zoom * ratio, 1e-3);
  return Math.SQRT2 ** Math.ceil(Math.log(wanted) / Math.log(Math.SQRT2) - 1e-9);
}

/** The canvas covering every box (and `margin` around them, for rings), at `scale` or less if too big. */
export function canvasFrame(boxes: readonly Box[], scale: number, margin = 16): CanvasFrame | undefined {
  const bounds = boundsOf(boxes);
  if (!bounds) return undefined;
  const { left, top, right, bottom } = bounds;
  const x = left - margin;
  const y = top - margin;
  const width = right - left + 2 * margin;
  const height = bottom - top + 2 * margin;
  const fitted = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
  return { x, y, width, height, scale: fitted, pixelWidth: Math.ceil(width * fitted), pixelHeight: Math.ceil(height * fitted) };
}

/** A far card's name is this many flow units high (graph.css `.sl-node[data-far] .sl-node-name`). */
export const LABEL_SIZE = 22;
/** Below this many screen pixels a name is a smudge: the card shows its colour only. */
const LABEL_MIN_PX = 7;

export const labelsLegible = (zoom: number): boolean => LABEL_SIZE * zoom >= LABEL_MIN_PX;

/**
 * What the canvas must be redrawn for when the zoom changes: its resolution step and whether names
 * are drawn. A string, so a store selector over it re-renders only when one of them changes.
 */
export const canvasZoomKey = (zoom: number, ratio: number): string => `${resolutionStep(zoom, ratio)}|${labelsLegible(zoom) ? "names" : ""}`;

/**
 * The longest start of `name` that fits `maxWidth` as `widthOf` measures it, with an ellipsis when
 * cut (as the DOM card's `text-overflow: ellipsis`); empty when not even one letter fits.
 */
export function fitLabel(name: string, maxWidth: number, widthOf: (text: string) => number): string {
  if (widthOf(name) <= maxWidth) return name;
  let low = 0;
  let high = name.length - 1;
  // The longest prefix whose text plus an ellipsis fits: a binary search over its length.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (widthOf(`${name.slice(0, mid)}…`) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? "" : `${name.slice(0, low)}…`;
}

/** What a card needs to be drawn like its far DOM card (graph.css). */
export interface CardFacts {
  kind: string;
  status: DisplayStatus | undefined;
  requested: boolean;
  selected: boolean;
}

/**
 * A card's look as the CSS custom properties (theme.css) its far DOM card would take, so light and
 * dark themes come from the same place: fill, the wide status bar on its left, border, outer ring.
 */
export interface CardLook {
  fill: string;
  bar: string;
  borderWidth: number;
  dashed: boolean;
  radius: number;
  /**
   * The selection ring (accent); undefined for none. A far card showed no root-cause ring: its
   * `box-shadow: none` won over `.sl-cause`'s, and 500 red rings after a first run said nothing.
   */
  ring: string | undefined;
}

/** The statuses whose cards get a tinted background (graph.css `.sl-status-*`). */
const TINTED = new Set<DisplayStatus>(["executed", "cached", "failed", "override", "skipped", "running", "pending"]);

/** As graph.css and explain.css style a far card; the names are theme.css's properties. */
export function cardLook(card: CardFacts): CardLook {
  const input = card.kind === "input";
  const fill = card.status && TINTED.has(card.status) ? `--st-${card.status}-bg` : input ? "--st-input-bg" : "--panel";
  return {
    fill,
    bar: card.status ? `--st-${card.status}` : "--border-strong",
    borderWidth: card.requested ? 2 : 1,
    dashed: input || card.status === "skipped",
    radius: input ? 16 : 6,
    ring: card.selected ? "--accent" : undefined,
  };
}

/** A far card's status bar is its left border, this wide (graph.css). */
export const BAR_WIDTH = 48;
/** Where a far card's name starts after its bar, and the room kept on its right (its padding). */
export const LABEL_PADDING = { left: 10, right: 8 };
/** The selection ring's width around a far card (graph.css `.sl-selected[data-far]`). */
export const RING_WIDTH = 6;
