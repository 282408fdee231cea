// A fast layered layout for large dataflows. dagre's network-simplex ranking, crossing reduction
// and Brandes–Köpf placement take seconds on a few hundred nodes (the 500-node example: 3–5 s per
// direction in Node; with its longest-path ranker still 0.4–1.7 s; d3-dag ~0.5 s), too slow for a
// first paint. Dataflows are already layered by their dependencies, so this keeps to what they
// need: ranks by longest path, a few barycentre sweeps to order each rank, then each card placed
// at the mean of its neighbours with the rank's order and spacing kept. Linear in nodes and edges
// per sweep: a few milliseconds at 500 nodes. Small graphs keep dagre (layout.ts).

export interface LayeredInput {
  nodes: { name: string; width: number; height: number }[];
  edges: { source: string; target: string }[];
}

export interface LayeredOptions {
  direction: "LR" | "TB";
  /** Between cards of one rank. */
  nodesep: number;
  /** Between ranks. */
  ranksep: number;
  margin: number;
}

export interface LayeredResult {
  /** Card centres. */
  centres: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
}

const SWEEPS = 6;
const PLACEMENTS = 6;

export function layeredLayout(input: LayeredInput, options: LayeredOptions): LayeredResult {
  const names = input.nodes.map((n) => n.name);
  const index = new Map(names.map((name, i) => [name, i]));
  const parents: number[][] = names.map(() => []);
  const children: number[][] = names.map(() => []);
  for (const { source, target } of input.edges) {
    const s = index.get(source);
    const t = index.get(target);
    if (s === undefined || t === undefined || s === t) continue;
    parents[t].push(s);
    children[s].push(t);
  }

  const rank = ranksOf(parents, children);
  const layers: number[][] = [];
  names.forEach((_, i) => (layers[rank[i]] ??= []).push(i));
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];
  orderLayers(layers, parents, children);

  const lr = options.direction === "LR";
  // Cross axis: along a rank; main axis: from rank to rank.
  const crossSize = input.nodes.map((n) => (lr ? n.height : n.width));
  const mainSize = input.nodes.map((n) => (lr ? n.width : n.height));
  const cross = placeAcross(layers, parents, children, crossSize, options.nodesep);

  const rankStart: number[] = [];
  let main = options.margin;
  for (const layer of layers) {
    rankStart.push(main);
    main += Math.max(0, ...layer.map((i) => mainSize[i])) + options.ranksep;
  }
  const mainExtent = main - options.ranksep + options.margin;

  let low = Infinity;
  let high = -Infinity;
  names.forEach((_, i) => {
    low = Math.min(low, cross[i] - crossSize[i] / 2);
    high = Math.max(high, cross[i] + crossSize[i] / 2);
  });
  if (names.length === 0) low = high = 0;
  const shift = options.margin - low;
  const crossExtent = high - low + 2 * options.margin;

  const centres = new Map<string, { x: number; y: number }>();
  names.forEach((name, i) => {
    const m = rankStart[rank[i]] + Math.max(...layers[rank[i]].map((j) => mainSize[j])) / 2;
    const c = cross[i] + shift;
    centres.set(name, lr ? { x: m, y: c } : { x: c, y: m });
  });
  return { centres, width: lr ? mainExtent : crossExtent, height: lr ? crossExtent : mainExtent };
}

/**
 * Longest path from the sources, so every edge points to a later rank; then each source moves
 * up to just before its first dependant (an input read only deep in the graph sits beside it,
 * not in the first rank with a long edge). A cycle, which a dataflow cannot have, is cut.
 */
function ranksOf(parents: number[][], children: number[][]): number[] {
  const n = parents.length;
  const rank = new Array<number>(n).fill(0);
  const waiting = parents.map((p) => p.length);
  const queue: number[] = [];
  waiting.forEach((w, i) => w === 0 && queue.push(i));
  let seen = 0;
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    seen++;
    for (const c of children[i]) {
      rank[c] = Math.max(rank[c], rank[i] + 1);
      if (--waiting[c] === 0) queue.push(c);
    }
  }
  if (seen < n) for (let i = 0; i < n; i++) if (waiting[i] > 0) rank[i] = Math.max(rank[i], ...parents[i].map((p) => rank[p] + 1).filter((r) => r < n));
  for (let i = 0; i < n; i++) {
    if (parents[i].length === 0 && children[i].length > 0) rank[i] = Math.max(rank[i], Math.min(...children[i].map((c) => rank[c])) - 1);
  }
  return rank;
}

/** Barycentre sweeps, down then up: each card moves towards the mean place of its neighbours. */
function orderLayers(layers: number[][], parents: number[][], children: number[][]): void {
  const place = new Float64Array(parents.length);
  const setPlaces = (layer: number[]) => layer.forEach((i, k) => (place[i] = layer.length > 1 ? k / (layer.length - 1) : 0.5));
  layers.forEach(setPlaces);
  const reorder = (layer: number[], neighbours: number[][]) => {
    const key = new Map<number, number>();
    for (const i of layer) {
      const ns = neighbours[i];
      key.set(i, ns.length ? ns.reduce((sum, j) => sum + place[j], 0) / ns.length : place[i]);
    }
    layer.sort((a, b) => key.get(a)! - key.get(b)! || place[a] - place[b]);
    setPlaces(layer);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    if (sweep % 2 === 0) for (let r = 1; r < layers.length; r++) reorder(layers[r], parents);
    else for (let r = layers.length - 2; r >= 0; r--) reorder(layers[r], children);
  }
}

/**
 * Positions along each rank: packed first, then each card pulled to the mean of its neighbours.
 * The order and spacing are kept by averaging a left-to-right and a right-to-left push, both of
 * which keep them, so the mean does too.
 */
function placeAcross(layers: number[][], parents: number[][], children: number[][], size: number[], gap: number): Float64Array {
  const pos = new Float64Array(size.length);
  for (const layer of layers) {
    let at = 0;
    for (const i of layer) {
      pos[i] = at + size[i] / 2;
      at += size[i] + gap;
    }
  }
  // Centre the ranks on one another before pulling, so the first pull starts balanced.
  const centre = (layer: number[]) => (layer.length ? (pos[layer[0]] + pos[layer[layer.length - 1]]) / 2 : 0);
  for (const layer of layers) {
    const offset = centre(layer);
    for (const i of layer) pos[i] -= offset;
  }
  const pull = (layer: number[], neighbours: number[][]) => {
    const want = layer.map((i) => (neighbours[i].length ? neighbours[i].reduce((s, j) => s + pos[j], 0) / neighbours[i].length : pos[i]));
    const n = layer.length;
    const forward = new Float64Array(n);
    const backward = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const min = k > 0 ? forward[k - 1] + (size[layer[k - 1]] + size[layer[k]]) / 2 + gap : -Infinity;
      forward[k] = Math.max(want[k], min);
    }
    for (let k = n - 1; k >= 0; k--) {
      const max = k < n - 1 ? backward[k + 1] - (size[layer[k + 1]] + size[layer[k]]) / 2 - gap : Infinity;
      backward[k] = Math.min(want[k], max);
    }
    layer.forEach((i, k) => (pos[i] = (forward[k] + backward[k]) / 2));
  };
  for (let round = 0; round < PLACEMENTS; round++) {
    if (round % 2 === 0) for (let r = 1; r < layers.length; r++) pull(layers[r], parents);
    else for (let r = layers.length - 2; r >= 0; r--) pull(layers[r], children);
  }
  return pos;
}
