/**
 * What a run would take on more cores (issue 22): the nodes a run executed, with the durations its
 * record holds, scheduled again as the engine schedules them (runner/index.ts visitInParallel,
 * runner/pool.ts): a node starts once its dependencies are done; a node sent to the pool waits for
 * a free worker, longest expected first; any other runs on the realm's own thread at once.
 *
 * `cross(name, worker)` is what sending a node to that worker costs besides its own time: its
 * tables packed on the realm's thread, and its value encoded back on the worker's. Hits cost
 * nothing (the plan has them done).
 */

/** Nodes and their parameters, from a module of `export function name(a, b)` (the bench's own). */
export function nodesOf(source) {
  const nodes = [];
  for (const match of source.matchAll(/^export function (\w+)\(([^)]*)\)/gm)) {
    nodes.push({ name: match[1], params: match[2].split(",").map((p) => p.trim()).filter(Boolean) });
  }
  return nodes;
}

/**
 * The run's length (ms) with `workers` pool workers besides the realm's thread. `executed` maps
 * each node that executed to its duration. `sent(name)` says whether it goes to the pool (as
 * `worthSending` decides; with one worker nothing is); `cross(name, worker)` what sending it costs:
 * `out` on the realm's thread (its tables encoded) and `back` on the worker's (its value encoded).
 */
export function scheduleLength(nodes, executed, { workers, sent = () => true, cross = () => ({ out: 0, back: 0 }) }) {
  const known = new Set(nodes.map((n) => n.name));
  const todo = nodes.filter((n) => executed.has(n.name));
  const finished = new Map(nodes.filter((n) => !executed.has(n.name)).map((n) => [n.name, 0]));
  const pool = workers > 1 ? Array.from({ length: workers }, () => 0) : [];
  let realm = 0;
  const readyAt = (n) => Math.max(0, ...n.params.filter((p) => known.has(p)).map((p) => finished.get(p) ?? Number.POSITIVE_INFINITY));
  const toPool = (n) => pool.length > 0 && sent(n.name);
  const startOf = (n) => Math.max(readyAt(n), toPool(n) ? Math.min(...pool) : realm);
  while (todo.length > 0) {
    // Of the nodes whose dependencies are done, the one that can start soonest; ties go to the
    // longest expected, the pool queue's order.
    const node = todo.filter((n) => Number.isFinite(readyAt(n))).sort((a, b) => startOf(a) - startOf(b) || executed.get(b.name) - executed.get(a.name))[0];
    todo.splice(todo.indexOf(node), 1);
    const ms = executed.get(node.name);
    if (toPool(node)) {
      const slot = pool.indexOf(Math.min(...pool));
      const { out, back } = cross(node.name, slot);
      // Packed on the realm's thread once ready (realm/pool.ts packs, then waits for a worker).
      const packed = Math.max(readyAt(node), realm) + out;
      realm = packed;
      pool[slot] = Math.max(packed, pool[slot]) + ms + back;
      finished.set(node.name, pool[slot]);
    } else {
      realm = Math.max(readyAt(node), realm) + ms;
      finished.set(node.name, realm);
    }
  }
  return Math.max(0, ...finished.values());
}
