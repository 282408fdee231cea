// A 500-node dataflow for trying the graph at size: 20 stages of 25 nodes, each node reading one
// to four of the stage before and now and then one from two stages back, as a pipeline split by
// region would. Every node is cheap arithmetic, so a run is about the engine and the page, not
// the values; all 500 are ancestors of the last stage, which is what the example requests.

const STAGES = [
  "ingest", "parse", "clean", "dedupe", "join", "enrich", "normalize", "feature", "window", "aggregate",
  "score", "rank", "filter", "sample", "fit", "calibrate", "validate", "summarize", "format", "publish",
] as const;
const WIDTH = 25;

const pad = (i: number) => String(i).padStart(2, "0");
const nodeName = (stage: number, i: number) => `${STAGES[stage]}_${pad(i)}`;

/** A fixed pseudo-random choice per node, so the source is the same on every load. */
const mix = (stage: number, i: number, salt: number) => ((stage * 7919 + i * 104729 + salt * 1299709) >>> 0) % 97;

function parentsOf(stage: number, i: number): string[] {
  const parents = new Set([nodeName(stage - 1, i)]);
  // Neighbours in the stage before: fan-in and fan-out without long crossings.
  if (i > 0 && mix(stage, i, 1) < 60) parents.add(nodeName(stage - 1, i - 1));
  if (i < WIDTH - 1 && mix(stage, i, 2) < 45) parents.add(nodeName(stage - 1, i + 1));
  // Aggregating stages read a block of four.
  if (STAGES[stage] === "aggregate" || STAGES[stage] === "summarize") {
    const start = Math.min(WIDTH - 4, Math.max(0, i - 1));
    for (let k = start; k < start + 4; k++) parents.add(nodeName(stage - 1, k));
  }
  // Now and then a skip connection, as a join on an earlier table.
  if (stage >= 2 && mix(stage, i, 3) < 12) parents.add(nodeName(stage - 2, (i + 3) % WIDTH));
  return [...parents];
}

function nodeSource(stage: number, i: number): string {
  const name = nodeName(stage, i);
  if (stage === 0) return `export const ${name} = () => ${i + 1};`;
  const parents = parentsOf(stage, i);
  // The mean of the parents plus a step keeps values small however deep the graph is.
  return `export const ${name} = (${parents.join(", ")}) => (${parents.join(" + ")}) / ${parents.length} + ${(stage % 5) + 1};`;
}

function largeSource(): string {
  const lines = [`// ${STAGES.length} stages × ${WIDTH} nodes. Every node is requested through the last stage.`];
  for (let stage = 0; stage < STAGES.length; stage++) {
    lines.push("");
    for (let i = 0; i < WIDTH; i++) lines.push(nodeSource(stage, i));
  }
  return lines.join("\n") + "\n";
}

export const LARGE_SOURCE = largeSource();
export const LARGE_OUTPUTS = Array.from({ length: WIDTH }, (_, i) => nodeName(STAGES.length - 1, i));
