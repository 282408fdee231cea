/**
 * A V8 heap snapshot of the page, summed by what holds the memory (node type and constructor or
 * string), for comparing two checkpoints of the soak (`SOAK_HEAP=<dir> npm run bench -- --soak`).
 */
export async function heapSummary(cdp) {
  let text = "";
  const onChunk = ({ chunk }) => void (text += chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  const snapshot = JSON.parse(text);
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const byName = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    const raw = snapshot.strings[snapshot.nodes[i + nameAt]];
    const name = type === "string" || type === "concatenated string" || type === "sliced string" ? `(string) ${raw.slice(0, 40)}` : `${type}:${raw.slice(0, 60)}`;
    const key = type === "string" ? "(strings)" : name;
    const got = byName.get(key) ?? { count: 0, bytes: 0 };
    got.count++;
    got.bytes += snapshot.nodes[i + sizeAt];
    byName.set(key, got);
  }
  return byName;
}

/** The entries that grew most between two summaries. */
export function heapGrowth(before, after, top = 25) {
  const rows = [];
  for (const [name, now] of after) {
    const was = before.get(name) ?? { count: 0, bytes: 0 };
    rows.push({ name, count: now.count - was.count, bytes: now.bytes - was.bytes });
  }
  return rows.sort((a, b) => b.bytes - a.bytes).slice(0, top);
}
