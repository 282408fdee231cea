import { SluiceError } from "../errors";

interface Orderable {
  name: string;
  dependencies: readonly string[];
}

function findCycle(nodes: ReadonlyMap<string, Orderable>, remaining: ReadonlySet<string>): string[] {
  // Every stuck node depends on another stuck node, so following dependencies must loop back.
  const path: string[] = [];
  const onPath = new Map<string, number>();
  let current = [...remaining][0];
  while (!onPath.has(current)) {
    onPath.set(current, path.length);
    path.push(current);
    current = nodes.get(current)!.dependencies.find((d) => remaining.has(d))!;
  }
  return [...path.slice(onPath.get(current)), current];
}

/** Kahn's algorithm with ties broken by definition order, so runs and logs are deterministic. */
export function orderNodes(nodes: ReadonlyMap<string, Orderable>): string[] {
  const position = new Map([...nodes.keys()].map((name, i) => [name, i]));
  const waiting = new Map<string, number>();
  const dependants = new Map<string, string[]>();
  for (const node of nodes.values()) {
    waiting.set(node.name, node.dependencies.length);
    for (const dep of node.dependencies) dependants.set(dep, [...(dependants.get(dep) ?? []), node.name]);
  }
  const ready = [...nodes.keys()].filter((name) => waiting.get(name) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const next = ready.shift()!;
    order.push(next);
    for (const dependant of dependants.get(next) ?? []) {
      const left = waiting.get(dependant)! - 1;
      waiting.set(dependant, left);
      if (left === 0) ready.push(dependant);
    }
  }
  if (order.length < nodes.size) {
    const done = new Set(order);
    const remaining = new Set([...nodes.keys()].filter((name) => !done.has(name)));
    const cycle = findCycle(nodes, remaining);
    throw new SluiceError("CYCLE", `Cycle between nodes: ${cycle.join(" → ")}`, { node: cycle[0], cycle });
  }
  return order;
}

/** The nodes the requested outputs need, in run order. */
export function neededFor(outputs: readonly string[], nodes: ReadonlyMap<string, Orderable>, order: readonly string[]): string[] {
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dep of nodes.get(name)?.dependencies ?? []) visit(dep);
  };
  outputs.forEach(visit);
  return order.filter((name) => needed.has(name));
}
