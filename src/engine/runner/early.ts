/**
 * Early calls, in parallel runs: once a node's value exists, each dependant whose arguments all
 * exist and that is worth a worker is sent to the pool at once, before the node's fingerprint is
 * taken. Its key needs that fingerprint (~100 ms of the realm's thread for the benchmark's 1M-row
 * `processed_data`), and until now the workers waited for it, then for the table's encoding:
 * the three ran one after the other on one thread while the other cores idled.
 *
 * The dependant still decides hit or miss from its key, as a one-worker run does. On a miss it
 * takes the early call's answer (value, fingerprint and duration, as any pooled call gives them),
 * so keys, values, data versions, events and explanations are those of a one-worker run. On a
 * hit the answer is dropped: a call still waiting for a worker never starts, and one already
 * running finishes unseen. Such a call is bounded: its key hit, so its arguments are those of a
 * stored result that the same code computed once. What a dropped call cost is the worker's time,
 * and the realm's encoding of its table arguments, which their own store write reuses when the
 * whole table crossed (formats/native.ts `rememberEncoding`; some of its columns do not serve).
 */
import type { ColumnTable } from "arquero";
import type { Dataflow } from "../graph/dataflow";
import type { Program } from "./program";
import { sentColumns, type NodePool, type PooledResult } from "./pool";
import { worthSending } from "./pricing";
import { columnsMentioned, type ColumnReads } from "./columns";
import type { Run } from "./run";

export interface EarlyCall {
  answer: Promise<PooledResult | undefined>;
  drop: AbortController;
}

const dependantsByFlow = new WeakMap<Dataflow, Map<string, string[]>>();

function dependantsOf(flow: Dataflow): Map<string, string[]> {
  let dependants = dependantsByFlow.get(flow);
  if (!dependants) {
    dependants = new Map();
    for (const node of flow.nodes.values()) for (const dep of node.dependencies) dependants.set(dep, [...(dependants.get(dep) ?? []), node.name]);
    dependantsByFlow.set(flow, dependants);
  }
  return dependants;
}

const selectionsByProgram = new WeakMap<Program, Map<string, Map<string, number>>>();

/**
 * How many of the nodes that take `param` would be sent the same columns of `table` as `sent`
 * (undefined: all of them): the calls one crossing is shared by, as a run encodes a table once
 * for each set of columns (pool.ts `createCrossings`).
 */
function sameSelection(program: Program, param: string, table: ColumnTable, sent: string[] | undefined): number {
  let byParam = selectionsByProgram.get(program);
  if (!byParam) selectionsByProgram.set(program, (byParam = new Map()));
  const names = table.columnNames().join("\0");
  const id = `${param}\0\0${names}`;
  let counts = byParam.get(id);
  if (!counts) {
    counts = new Map();
    for (const node of program.flow.nodes.values()) {
      if (!node.params.some((p) => p.name === param)) continue;
      // Loaders, savers and SQL nodes stay here, and would take the whole table.
      const theirs = node.kind !== "function" || node.sql ? undefined : sentColumns(table, columnsMentioned(program.fn(node.name)));
      const key = theirs?.join("\0") ?? "*";
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    byParam.set(id, counts);
  }
  return counts.get(sent?.join("\0") ?? "*") ?? 1;
}

/** What each table argument costs a call of `node` that reads `reads` of it to cross, as the pool reckons it (`crossingMs`). */
export function crossing(pool: NodePool, program: Program, node: string, params: readonly { name: string }[], reads?: ColumnReads): ((table: ColumnTable, index: number) => number) | undefined {
  if (!pool.crossingMs) return undefined;
  return (table, index) => pool.crossingMs!(table, (sent) => sameSelection(program, params[index].name, table, sent), reads, node);
}

/**
 * Whether a call of `name` on `args` is worth a worker (`worthSending`). What it saves is its time
 * here, in the realm, which its last duration on a worker can understate by far: the benchmark's
 * stats took 4–14 ms on a worker (their column a typed array there) against 26–37 ms here, so a
 * stat that ran on a worker looked too short to send again, ran here the next run, and was sent
 * the one after. Twelve of twenty stats ran here, one after another, while the workers waited.
 */
export function sendable(run: Run, name: string, args: readonly unknown[], reads: ColumnReads | undefined): boolean {
  const pool = run.options.pool!;
  const { program } = run.settings;
  const expectedMs = expectedHere(run, name);
  return worthSending(args, expectedMs, pool.returnedCells?.(name), crossing(pool, program, name, program.flow.nodes.get(name)!.params, reads), pool.returnedMs?.(name), pool.msThere?.(name));
}

/** What the node is expected to take here, in the realm: the longer of its last duration and its last one here; undefined if never timed. */
export function expectedHere(run: Run, name: string): number | undefined {
  const last = run.options.expectedMs?.[name];
  return last === undefined ? undefined : Math.max(last, run.options.pool?.msHere?.(name) ?? 0);
}

/** The node's arguments if every one is in memory now (a left-out optional input gives undefined), else undefined. */
function readyArguments(run: Run, params: readonly { name: string }[]): unknown[] | undefined {
  const args: unknown[] = [];
  for (const { name } of params) {
    const state = run.states.get(name);
    if (state?.value) args.push(state.value.value);
    else if (state?.kind === "input") args.push(undefined);
    else return undefined;
  }
  return args;
}

/** Sends `name`'s dependants that are ready and worth a worker to the pool, now that its value exists; whether it sent any. */
export function startEarly(run: Run, name: string): boolean {
  const pool = run.options.pool;
  const order = run.eventOrder;
  if (!pool || pool.size <= 1 || !order) return false;
  let sent = false;
  const { flow } = run.settings.program;
  for (const dependant of dependantsOf(flow).get(name) ?? []) {
    // Not in this run, already visited (it then calls for itself), or already sent.
    if (!order.has(dependant) || run.states.has(dependant) || run.early.has(dependant)) continue;
    const node = flow.nodes.get(dependant)!;
    // What stays in the realm in any case (execute.ts `callNode`).
    if (node.kind !== "function" || node.sql) continue;
    const args = readyArguments(run, node.params);
    if (!args) continue;
    const expectedMs = run.options.expectedMs?.[dependant];
    const reads = columnsMentioned(run.settings.program.fn(dependant));
    if (!sendable(run, dependant, args, reads)) continue;
    const drop = new AbortController();
    const answer = pool.run({ node: dependant, args, expectedMs, signal: run.options.signal, dropped: drop.signal, versioned: run.settings.caching, reads });
    // Awaited only on a miss: a dropped call's failure is nobody's.
    answer.catch(() => undefined);
    run.early.set(dependant, { answer, drop });
    sent = true;
  }
  return sent;
}

/** The early call's answer for a node that executes, if one was made; it is then the node's. */
export function takeEarly(run: Run, name: string): Promise<PooledResult | undefined> | undefined {
  const call = run.early.get(name);
  run.early.delete(name);
  return call?.answer;
}

/** Drops the early call of a node that hit (or of every node, once the run is over). */
export function dropEarly(run: Run, name?: string): void {
  for (const [node, call] of run.early) {
    if (name !== undefined && node !== name) continue;
    call.drop.abort();
    run.early.delete(node);
  }
}
