/**
 * Only the columns a node reads cross to a worker. A table argument is encoded on the realm's
 * thread before its first call can start, and JS-array string columns encode slowly: the
 * benchmark's `processed_data` (833k rows, 3 string columns of 5) took ~300 ms to encode at 1M
 * rows, on every no-cache and cold run's critical path, although its twenty stats read one number
 * column and `amount_per_country` one more.
 *
 * Which columns a node reads is guessed from its function's source: a column whose name appears
 * there as a word (`d.amount_in_usd`, `"country"`). The guess is checked, never trusted: every
 * other column reaches the worker as a stand-in of the right length that refuses to be read. A
 * call that touches one in any way (reads a cell, iterates, lists its keys, encodes a table that
 * holds it), even one that catches the refusal, is answered `unsupported`, and the pool sends the
 * node again with every column. So a worker computes exactly what it would over the whole table.
 */
import type { ColumnTable } from "arquero";
import { crossingMs } from "./pricing";
import { sentColumns, type createCrossings, type PooledAnswer } from "./pool";

type NodeFunction = (...args: unknown[]) => unknown;

const sources = new WeakMap<NodeFunction, string>();

/** Whether `name` appears in `source` as a whole word (not inside a longer identifier). */
function mentions(source: string, name: string): boolean {
  if (name === "") return false;
  const word = /[\w$]/;
  for (let at = source.indexOf(name); at >= 0; at = source.indexOf(name, at + 1)) {
    const before = source[at - 1];
    const after = source[at + name.length];
    if ((before === undefined || !word.test(before)) && (after === undefined || !word.test(after))) return true;
  }
  return false;
}

/** A test on a column's name, and the source it was read from (a pool remembers code that read others). */
export type ColumnReads = ((column: string) => boolean) & { source?: string };

/** The columns a node's function appears to read. */
export function columnsMentioned(fn: NodeFunction): ColumnReads {
  let source = sources.get(fn);
  if (source === undefined) {
    source = Function.prototype.toString.call(fn);
    sources.set(fn, source);
  }
  // A bound or native function shows no body: every column may be read.
  if (source.includes("[native code]")) return () => true;
  const text = source;
  const seen = new Map<string, boolean>();
  const reads = (column: string) => {
    let yes = seen.get(column);
    if (yes === undefined) seen.set(column, (yes = mentions(text, column)));
    return yes;
  };
  return Object.assign(reads, { source: text });
}

/**
 * Which nodes' code read a column it was not sent, by node, as the source that did: sent every
 * column from then on, until its code changes. Kept by a pool across runs.
 */
export function createMissedReads() {
  const missed = new Map<string, string | undefined>();
  return {
    /** What to send a call of `node`: its reads, or undefined (every column) once its code read others. */
    readsFor(node: string, reads?: ColumnReads): ColumnReads | undefined {
      return reads && (!missed.has(node) || missed.get(node) !== reads.source) ? reads : undefined;
    },
    missed: (node: string, reads: ColumnReads) => void missed.set(node, reads.source),
  };
}

type MissedReads = ReturnType<typeof createMissedReads>;

/**
 * A call sent its node's columns (`send`), and sent again with every column if its code read one
 * it was not sent, unless the run no longer wants it (`stopped`). Both pools send this way.
 */
export async function sendReading(
  node: string,
  reads: ColumnReads | undefined,
  missed: MissedReads,
  send: (reads?: ColumnReads) => Promise<PooledAnswer | undefined>,
  stopped: () => boolean,
): Promise<PooledAnswer | undefined> {
  const sent = missed.readsFor(node, reads);
  const answer = await send(sent);
  if (!sent || answer?.ok !== "unsupported" || !answer.columns) return answer;
  missed.missed(node, sent);
  return stopped() ? undefined : send();
}

/** A pool's `crossingMs`: priced at the columns the call will be sent (all, once its code read others). */
export function crossingPriced(crossings: ReturnType<typeof createCrossings>, missed: MissedReads, workers: number, scoped: (node: string) => string = (node) => node, rateOf: (node: string) => number | undefined = () => undefined) {
  return (table: ColumnTable, readers: (sent: string[] | undefined) => number, reads?: ColumnReads, node?: string): number => {
    const sent = node === undefined ? reads : missed.readsFor(scoped(node), reads);
    const columns = sentColumns(table, sent);
    return crossingMs(table, readers(columns), workers, crossings.packedBytes(table, sent), columns, node === undefined ? undefined : rateOf(scoped(node)));
  };
}

/**
 * A column a worker was not sent: its length (a table's row count comes from its first column),
 * and nothing else. Every other way in calls `touched` and throws.
 */
export function missingColumn(name: string, length: number, touched: () => void): unknown[] {
  const refuse = (): never => {
    touched();
    throw new Error(`column \`${name}\` was not sent to this worker`);
  };
  return new Proxy([] as unknown[], {
    get: (_target, key) => (key === "length" ? length : refuse()),
    has: refuse,
    ownKeys: refuse,
    getOwnPropertyDescriptor: refuse,
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  });
}
