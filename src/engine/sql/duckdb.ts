import { table as aqTable, type ColumnTable } from "arquero";
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import { isSluiceError, SluiceError } from "../errors";
import type { FileArea } from "../files";
import { ipcToTable, tableToIpcStream } from "../formats/arrow";
import { nodeSubject } from "../formats/errors";
import { isTable } from "../formats/table";
import { bindNamedParams, fileNamesIn, filesAsTables, looksLikeFile } from "./text";

/** One query of a `sql()` node, with the values its parameters took in this run. */
export interface SqlRequest {
  node: string;
  text: string;
  /** Every parameter of the node: tables become DuckDB tables of that name, the rest `$name` values. */
  values: Record<string, unknown>;
  files: FileArea;
  /** Where the query's text starts in its module, so DuckDB's positions become the editor's. */
  at?: { line: number; column: number };
  /**
   * Told how long this query waited for DuckDB to start, when it was the one that started it
   * (fetched, compiled, instantiated: over a second), so that its node's duration leaves it out.
   */
  onStartWait?: (ms: number) => void;
}

/** Runs `sql()` nodes; one per realm, DuckDB started on the first query and kept. */
export interface SqlEngine {
  query(request: SqlRequest): Promise<ColumnTable>;
  /**
   * Whether each text parses, by DuckDB's own parser (nothing is bound, read or run): null where
   * it does, else where it stops (an offset in the text) and why. Undefined until DuckDB has
   * started for a query: a check never costs its start.
   */
  parseProblems(texts: readonly string[]): (SqlParseProblem | null)[] | undefined;
}

export interface SqlParseProblem {
  /** Characters into the text. */
  offset: number;
  message: string;
}

/** DuckDB's parser error for `text`, or null; other errors (a prepared `$value`, say) are the binder's. */
function parseProblem(db: DuckDBBindings, id: number, text: string): SqlParseProblem | null {
  try {
    db.getTableNames(id, text);
    return null;
  } catch (error) {
    let said: { exception_type?: string; exception_message?: string; position?: string };
    try {
      said = JSON.parse((error as Error).message);
    } catch {
      return null;
    }
    if (said.exception_type !== "Parser") return null;
    // DuckDB counts code points; the editor, UTF-16 units (an emoji is two).
    return { offset: unitsOf(text, Number(said.position ?? 0)), message: (said.exception_message ?? "syntax error").split("\n")[0] };
  }
}

/** UTF-16 units in `text`'s first `points` code points. */
function unitsOf(text: string, points: number): number {
  let units = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen++ >= points) break;
    units += ch.length;
  }
  return units;
}

/** East Asian wide and fullwidth ranges, which a terminal (and DuckDB's caret) draws two columns wide. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x20000, 0x3fffd],
];

/** How many columns DuckDB's caret line gives a character: none for a combining mark, two for a wide one or an emoji. */
function displayWidth(ch: string): number {
  if (/\p{M}/u.test(ch)) return 0;
  if (/\p{Emoji_Presentation}/u.test(ch)) return 2;
  const cp = ch.codePointAt(0)!;
  return WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
}

/** The editor's column (UTF-16, from 1) in `line` under a caret `width` columns in. */
function columnUnder(line: string, width: number): number {
  let drawn = 0;
  let units = 0;
  for (const ch of line) {
    if (drawn >= width) break;
    drawn += displayWidth(ch);
    units += ch.length;
  }
  return units + 1;
}

/** DuckDB's errors that mean the text is wrong (it did not parse, or names what does not exist). */
const TEXT_ERRORS = /^(Parser|Binder|Catalog) Error: /;

/** DuckDB marks an error's place as `LINE 2: <line>` and a caret under it. */
function positionOf(message: string): { line: number; column: number } | undefined {
  const found = /\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!found) return undefined;
  const prefix = `LINE ${found[1]}: `.length;
  // DuckDB shortens a long line to a window around the error ("..." first): the column is lost.
  if (found[2].startsWith("...")) return { line: Number(found[1]), column: 1 };
  // The caret is placed by how wide the line is drawn, not by its UTF-16 units.
  return { line: Number(found[1]), column: columnUnder(found[2], found[3].length - prefix) };
}

function inModule(at: SqlRequest["at"], pos: { line: number; column: number }): { line: number; column: number } {
  if (!at) return pos;
  return pos.line === 1 ? { line: at.line, column: at.column + pos.column - 1 } : { line: at.line + pos.line - 1, column: pos.column };
}

/** A DuckDB error as Sluice's: SYNTAX at its place for a wrong text, the node's failure otherwise. */
function sqlError(request: SqlRequest, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const summary = message.split("\n")[0];
  if (!TEXT_ERRORS.test(message)) return new Error(`DuckDB: ${summary}`);
  const pos = positionOf(message);
  const where = pos ? inModule(request.at, pos) : request.at;
  return new SluiceError("SYNTAX", `SQL of node \`${request.node}\`${pos ? ` (query line ${pos.line}, column ${pos.column})` : ""}: ${summary}`, {
    node: request.node,
    ...where,
    cause: error,
  });
}

/** A value DuckDB can take as a bound parameter, as JSON carries it to DuckDB. */
function boundValue(request: SqlRequest, name: string, value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  // A bigint past 2^53 goes as its digits (DuckDB casts them), not as a rounded number.
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Date) return value.toISOString();
  const what = isTable(value) ? "a table (name it in FROM instead)" : typeof value === "number" ? String(value) : typeof value;
  throw new SluiceError("BAD_OPTION", `SQL of node \`${request.node}\`: \`$${name}\` is ${what}; a bound value must be a string, a finite number, a boolean, a date or null`, {
    node: request.node,
    option: name,
  });
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** flechette's type ids of Arrow's string columns. */
const STRING_TYPES = new Set([5, 20, 24]);

/**
 * The answer with its string columns read out once into plain arrays. Read in place, a string of
 * an Arrow column is decoded from UTF-8 at every access, and fingerprinting, storing and Arquero
 * each read every cell: measured at 833k rows, fingerprint 274 → 48 ms and Arrow encoding
 * 447 → 142 ms with plain arrays. Numbers stay Arrow-backed (typed arrays, read without copying).
 */
function withPlainStrings(table: ColumnTable): ColumnTable {
  const data = table.data() as Record<string, unknown>;
  const names = table.columnNames();
  const strings = names.filter((n) => {
    const column = data[n] as { type?: { typeId?: number } } | undefined;
    return !Array.isArray(column) && STRING_TYPES.has(column?.type?.typeId ?? -1);
  });
  if (strings.length === 0) return table;
  // flechette's bulk read (batch by batch), not a cell at a time.
  const columns = Object.fromEntries(names.map((n) => [n, strings.includes(n) ? (data[n] as { toArray(): unknown[] }).toArray() : data[n]]));
  return aqTable(columns, names);
}

/** Tables of earlier queries kept in DuckDB (most recently used). */
const TABLES_KEPT = 4;

/**
 * A SqlEngine on DuckDB-WASM's synchronous bindings, which run in the calling thread (the realm,
 * or Node in tests): `open` gives them started. Tables go in as Arrow IPC, results come out as
 * Arrow IPC read by flechette without copying cells; values are bound, never spliced into text.
 */
export function createSqlEngine(open: () => Promise<DuckDBBindings>): SqlEngine {
  let opening: Promise<DuckDBBindings> | undefined;
  let started: DuckDBBindings | undefined;
  /** Files given to DuckDB as tables of their name, with the time of the file's write they hold. */
  const loaded = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();

  /**
   * Each file the query reads, read by the file area (its codecs, its checks) and kept in DuckDB
   * as a table of the file's name until the file changes: a later query on it reads no bytes.
   */
  async function loadFiles(db: DuckDBBindings, request: SqlRequest): Promise<(name: string) => boolean> {
    const listed = new Map((await request.files.list()).map((f) => [f.name, f]));
    const isFile = (name: string) => listed.has(name);
    // A file not uploaded yet: said as files.read says it, not as DuckDB's failed download.
    const absent = fileNamesIn(request.text, (name) => looksLikeFile(name) && !listed.has(name));
    if (absent.length > 0) {
      const known = listed.size ? `; the file area has ${[...listed.keys()].map((n) => `\`${n}\``).join(", ")}` : "; the file area is empty";
      throw new SluiceError("STORAGE", `SQL of node \`${request.node}\` reads file \`${absent[0]}\`, which is not in the file area (upload it in Files)${known}`, { node: request.node });
    }
    for (const name of fileNamesIn(request.text, isFile)) {
      const { updatedAt } = listed.get(name)!;
      if (loaded.get(name) === updatedAt) continue;
      const table = await request.files.read(name);
      if (!isTable(table)) throw new SluiceError("BAD_OPTION", `SQL of node \`${request.node}\` reads file \`${name}\`, which does not hold a table`, { node: request.node });
      const id = connection(db);
      db.runQuery(id, `DROP TABLE IF EXISTS ${quoted(name)}`);
      loaded.delete(name);
      db.insertArrowFromIPCStream(id, tableToIpcStream(table, nodeSubject(request.node)), { name, create: true });
      loaded.set(name, updatedAt);
    }
    return isFile;
  }

  /**
   * Tables given to DuckDB, by the value they were made from (most recently used last). A run's
   * nodes share one value of each dependency, so twenty queries over `processed_data` encode and
   * copy it once; a few are kept, for the next run's queries over an unchanged value.
   */
  const given = new Map<ColumnTable, string>();
  let next = 0;

  function tableFor(db: DuckDBBindings, id: number, request: SqlRequest, param: string, table: ColumnTable): string {
    const known = given.get(table);
    if (known) {
      given.delete(table);
      given.set(table, known);
      return known;
    }
    const name = `sluice_table_${next++}`;
    try {
      db.insertArrowFromIPCStream(id, tableToIpcStream(table, nodeSubject(request.node)), { name, create: true });
    } catch (error) {
      // A table Arrow cannot hold as it is (a lone surrogate): said as DuckDB's input, not as a store's format.
      if (isSluiceError(error) && error.details.option === "format") {
        const why = error.cause instanceof Error ? error.cause.message : error.message;
        throw new SluiceError("BAD_OPTION", `SQL of node \`${request.node}\` cannot give DuckDB table \`${param}\`: ${why}`, { node: request.node });
      }
      if (isSluiceError(error)) throw error;
      throw new Error(`DuckDB could not take table \`${param}\`: ${(error as Error).message.split("\n")[0]}`);
    }
    remember(db, id, table, name);
    return name;
  }

  function remember(db: DuckDBBindings, id: number, table: ColumnTable, name: string): void {
    given.set(table, name);
    for (const [old, oldName] of given) {
      if (given.size <= TABLES_KEPT) break;
      db.runQuery(id, `DROP TABLE IF EXISTS ${quoted(oldName)}`);
      given.delete(old);
    }
  }

  function execute(db: DuckDBBindings, id: number, text: string, params: unknown[]): Uint8Array {
    if (params.length === 0) return db.runQuery(id, text);
    const statement = db.createPrepared(id, text);
    try {
      return db.runPrepared(id, statement, params);
    } finally {
      db.closePrepared(id, statement);
    }
  }

  /**
   * The query's answer, kept in DuckDB as a table too: a SQL node that reads this one's value
   * then finds it there, and the value crosses into DuckDB no second time (a chain of SQL nodes
   * stays in DuckDB). A statement that cannot be kept (PRAGMA, SHOW...) is simply run.
   */
  function answer(db: DuckDBBindings, id: number, request: SqlRequest, text: string, params: unknown[]): ColumnTable {
    const name = `sluice_table_${next++}`;
    let kept = false;
    try {
      execute(db, id, `CREATE TABLE ${quoted(name)} AS ${text}`, params);
      kept = true;
    } catch {
      // run as written below, where its own error (and position) is the one reported
    }
    let bytes: Uint8Array;
    try {
      bytes = kept ? db.runQuery(id, `SELECT * FROM ${quoted(name)}`) : execute(db, id, text, params);
    } catch (error) {
      throw sqlError(request, error);
    }
    const table = withPlainStrings(ipcToTable(bytes, nodeSubject(request.node)));
    if (kept) remember(db, id, table, name);
    return table;
  }

  function run(db: DuckDBBindings, request: SqlRequest, isFile: (name: string) => boolean): ColumnTable {
    const bound = bindNamedParams(filesAsTables(request.text, isFile));
    const tables = Object.entries(request.values).filter(([, value]) => isTable(value)) as [string, ColumnTable][];
    const params = bound.names.map((name) => {
      if (!(name in request.values)) {
        const known = Object.keys(request.values);
        throw new SluiceError("SYNTAX", `SQL of node \`${request.node}\` uses \`$${name}\`, which is not one of its parameters${known.length ? ` (${known.join(", ")})` : ""}`, {
          node: request.node,
          ...request.at,
        });
      }
      return boundValue(request, name, request.values[name]);
    });
    const id = connection(db);
    try {
      // Each table parameter is a view of that name over the table DuckDB holds: no copy.
      for (const [param, table] of tables) db.runQuery(id, `CREATE OR REPLACE TEMP VIEW ${quoted(param)} AS SELECT * FROM ${quoted(tableFor(db, id, request, param, table))}`);
      return answer(db, id, request, bound.text, params);
    } finally {
      for (const [param] of tables) {
        try {
          db.runQuery(id, `DROP VIEW IF EXISTS ${quoted(param)}`);
        } catch {
          // replaced before its next use (CREATE OR REPLACE)
        }
      }
    }
  }

  /** One connection for every query: the temporary views live in it. */
  let conn: number | undefined;
  const connection = (db: DuckDBBindings) => (conn ??= db.connect().useUnsafe((_, c) => c));

  return {
    query(request) {
      // One query at a time: registered tables are named after parameters, which two nodes share.
      const answer = queue.then(async () => {
        // A DuckDB that failed to start (its bytes did not come) is tried again on the next query.
        const starting = started === undefined;
        const waitFrom = performance.now();
        opening ??= open().catch((error: unknown) => {
          opening = undefined;
          throw error;
        });
        const db = (started = await opening);
        if (starting) request.onStartWait?.(performance.now() - waitFrom);
        return run(db, request, await loadFiles(db, request));
      });
      queue = answer.catch(() => undefined);
      return answer;
    },
    parseProblems(texts) {
      const db = started;
      if (!db) return undefined;
      const id = connection(db);
      return texts.map((text) => parseProblem(db, id, text));
    },
  };
}
