/**
 * The SQLite read session: a read-only connection, one readiness query at open, statements prepared once per session,
 * and every list argument bound as one JSON array (`json_each`) so a query producer's step is one round trip.
 *
 * Row order follows `docs/architecture/index-semantics.md`; SQLite's `BINARY` collation is code-point order on UTF-8,
 * which is what `compareText` implements. Ties the contract leaves open fall back to insertion order (`id`/`rowid`),
 * which is the order the memory reference keeps for equal keys.
 *
 * @packageDocumentation
 */
import type Database from 'better-sqlite3';
import type { EdgeLookup, ListSymbolsOptions, ReadSession } from '../../core/contracts.js';
import type { StoredFieldWords } from '../../core/field-words.js';
import type {
  EdgeKind,
  EdgeRow,
  EmbeddingBlocks,
  EmbeddingMatrix,
  FailedFile,
  FileRecord,
  FindingRow,
  IndexMeta,
  NearestEmbeddings,
  SymbolKind,
  SymbolMetricsRow,
  SymbolRow,
  RankedSymbolRow,
} from '../../core/model.js';
import { rankedRow } from '../../core/model.js';
import { LOOSE_WORDS, checkStoredVersion, unavailableFrom } from './sqlite-schema.js';
import { openSqliteDatabase } from './sqlite-native.js';
import {
  nearestStoredEmbeddings,
  storedEmbeddingBlocks,
  storedEmbeddingHandles,
  storedEmbeddingsInto,
} from './sqlite-embeddings.js';

/** Columns behind {@link toSymbol}, from `symbols s JOIN files f`. */
const SYMBOL_COLUMNS = `s.id, s.qualified_name, s.name, s.kind, s.start_line, s.end_line, s.signature, s.docstring,
  s.exported, f.path, f.module, f.language`;
const SYMBOL_FROM = 'symbols s JOIN files f ON f.id = s.file_id';
const SYMBOL_ORDER = 'f.path, s.start_line, s.qualified_name, s.kind, s.id';
/** Literal path prefix test on `f.path` against parameter `@prefix` (NULL: no filter); `%` and `_` are not special. */
const PREFIX_FILTER = '(@prefix IS NULL OR substr(f.path, 1, length(@prefix)) = @prefix)';

type Raw = unknown[];

function toSymbol(r: Raw): SymbolRow {
  return {
    qualifiedName: r[1] as string,
    name: r[2] as string,
    kind: r[3] as SymbolKind,
    startLine: r[4] as number,
    endLine: r[5] as number,
    signature: r[6] as string,
    docstring: r[7] as string | null,
    exported: r[8] === 1,
    id: r[0] as number,
    path: r[9] as string,
    module: r[10] as string,
    language: r[11] as string,
  };
}

/**
 * A symbol with its metrics.
 *
 * @param r - A {@link toSymbol} row followed by `fan_in, fan_out`.
 * @returns The row.
 */
function toMetricsRow(r: Raw): SymbolMetricsRow {
  // Assigned onto the row rather than spread into a copy: symlist may map every symbol of a large repository.
  const row = toSymbol(r) as SymbolMetricsRow & { fanIn: number; fanOut: number };
  row.fanIn = r[12] as number;
  row.fanOut = r[13] as number;
  return row;
}

/** Table and owner/text columns of each edge kind. */
const EDGE_TABLES: Readonly<Record<EdgeKind, { table: string; owner: string; text: string }>> = {
  call: { table: 'calls', owner: 'caller_id', text: 'callee_text' },
  reference: { table: 'refs', owner: 'owner_id', text: 'target_text' },
};

/**
 * The query of one {@link ReadSession.edges} lookup: edge `e`, owner `o`, owner file `f`, target `t`; the handles are
 * bound as one JSON array.
 *
 * @param lookup - Kind and direction (the handles are bound, not inlined).
 * @returns SQL with one positional parameter.
 */
function edgeSql({ kind, direction, resolvedOnly }: Omit<EdgeLookup, 'ids'>): string {
  const { table, owner, text } = EDGE_TABLES[kind];
  const [named, farEnd] = direction === 'from' ? [`e.${owner}`, `e.${text}`] : ['e.target_id', 'o.qualified_name'];
  return `SELECT e.${owner}, o.qualified_name, e.${text}, e.target_id, t.qualified_name, f.path, e.line
    FROM ${table} e JOIN symbols o ON o.id = e.${owner} JOIN files f ON f.id = o.file_id
    LEFT JOIN symbols t ON t.id = e.target_id
    WHERE ${named} IN (SELECT value FROM json_each(?))${resolvedOnly ? ' AND e.target_id IS NOT NULL' : ''}
    ORDER BY f.path, e.line, ${farEnd}, e.rowid`;
}

function toEdge(r: Raw): EdgeRow {
  return {
    ownerId: r[0] as number,
    ownerQualifiedName: r[1] as string,
    targetText: r[2] as string,
    targetId: r[3] as number | null,
    targetQualifiedName: r[4] as string | null,
    path: r[5] as string,
    line: r[6] as number,
  };
}

function toFileRecord(r: Raw): FileRecord {
  return {
    path: r[0] as string,
    hash: r[1] as string,
    size: r[2] as number,
    mtimeMs: r[3] as number,
    analyzer: r[4] as string,
  };
}

/**
 * Escape a term for `LIKE '%term%' ESCAPE '\'`.
 *
 * @param term - The literal term.
 * @returns The pattern.
 */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Longest term matched with `LIKE`. SQLite rejects patterns over 50,000 bytes ("LIKE or GLOB pattern too complex");
 * escaping can double a term, so longer terms take the `instr` path, which has no limit and gives the same answer.
 */
const LIKE_TERM_MAX = 20_000;

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** The shortest search string the trigram index can find (a trigram tokenizer matches 3 characters or more). */
const TRIGRAM_LENGTH = 3;

/** Read-only session over one open connection. */
export class SqliteReadSession implements ReadSession {
  private readonly db: Database.Database;
  private readonly inventoryJson: string;
  private readonly statements = new Map<string, Database.Statement>();
  private lowerRegistered = false;
  private openSnapshots = 0;

  /**
   * @param db - A read-only connection whose versions were checked.
   * @param inventoryJson - The stored inventory JSON from the readiness query.
   */
  constructor(db: Database.Database, inventoryJson: string) {
    this.db = db;
    this.inventoryJson = inventoryJson;
  }

  /**
   * Run a query through the session's statement cache (prepared once per session).
   *
   * @param sql - Query text, also the cache key.
   * @param params - Named parameters (object) or positional ones (array).
   * @returns Rows as arrays, mapped by the callers.
   */
  private rows(sql: string, params: Record<string, unknown> | unknown[] = []): Raw[] {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql).raw(true);
      this.statements.set(sql, statement);
    }
    return (Array.isArray(params) ? statement.all(...params) : statement.all(params)) as Raw[];
  }

  /**
   * {@link rows} one row at a time: for reads whose rows are consumed once, so no array of every row is built.
   *
   * @param sql - Query text, also the cache key.
   * @param params - Positional parameters.
   * @returns The rows as arrays.
   */
  private iterate(sql: string, params: unknown[] = []): IterableIterator<Raw> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql).raw(true);
      this.statements.set(sql, statement);
    }
    return statement.iterate(...params) as IterableIterator<Raw>;
  }

  /** @returns The stored inventory. */
  async meta(): Promise<IndexMeta> {
    return JSON.parse(this.inventoryJson) as IndexMeta;
  }

  /** @returns Indexed files by path. */
  async files(): Promise<readonly FileRecord[]> {
    return this.rows('SELECT path, hash, size, mtime_ms, analyzer FROM files ORDER BY path').map(toFileRecord);
  }

  /** @returns Stored failures by path. */
  async failures(): Promise<readonly FailedFile[]> {
    return this.rows('SELECT path, hash, size, mtime_ms, analyzer, reason FROM failures ORDER BY path').map((r) => ({
      file: toFileRecord(r),
      reason: r[5] as string,
    }));
  }

  /**
   * @param names - Short or qualified names.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Symbols whose name or qualified name is one of `names`, in symbol order.
   */
  async symbolsByName(names: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    if (names.length === 0) return [];
    const sql = `SELECT ${SYMBOL_COLUMNS} FROM ${SYMBOL_FROM}
      WHERE s.id IN (SELECT id FROM symbols WHERE name IN (SELECT value FROM json_each(@names))
                     UNION SELECT id FROM symbols WHERE qualified_name IN (SELECT value FROM json_each(@names)))
        AND ${PREFIX_FILTER}
      ORDER BY ${SYMBOL_ORDER}`;
    return this.rows(sql, { names: JSON.stringify(names), prefix: pathPrefix ?? null }).map(toSymbol);
  }

  /**
   * @param ids - Symbol handles.
   * @returns Those symbols in symbol order.
   */
  async symbolsById(ids: readonly number[]): Promise<readonly SymbolRow[]> {
    if (ids.length === 0) return [];
    const sql = `SELECT ${SYMBOL_COLUMNS} FROM ${SYMBOL_FROM}
      WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY ${SYMBOL_ORDER}`;
    return this.rows(sql, [JSON.stringify(ids)]).map(toSymbol);
  }

  /**
   * ASCII terms use `LIKE` (ASCII case folding in C, the documented divergence for exotic capitals); a term with
   * non-ASCII characters, or too long for a `LIKE` pattern, falls back to JavaScript lower-casing so such text still
   * matches like the reference.
   *
   * @param terms - Lower-case terms.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Symbols whose name, qualified name or docstring contains a term, in symbol order.
   */
  async symbolsMatching(terms: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    // A term with capitals can never be inside lower-cased text.
    const usable = [...new Set(terms)].filter((t) => t === t.toLowerCase());
    if (usable.length === 0) return [];
    const params: Record<string, unknown> = { prefix: pathPrefix ?? null };
    const tests = usable.map((term, i) => {
      if (ASCII_ONLY.test(term) && term.length <= LIKE_TERM_MAX) {
        params[`t${i}`] = likePattern(term);
        return `s.name LIKE @t${i} ESCAPE '\\' OR s.qualified_name LIKE @t${i} ESCAPE '\\' OR s.docstring LIKE @t${i} ESCAPE '\\'`;
      }
      this.registerLower();
      params[`t${i}`] = term;
      return `instr(codira_lower(s.name), @t${i}) OR instr(codira_lower(s.qualified_name), @t${i})
        OR instr(codira_lower(s.docstring), @t${i})`;
    });
    const sql = `SELECT ${SYMBOL_COLUMNS} FROM ${SYMBOL_FROM}
      WHERE (${tests.join(' OR ')}) AND ${PREFIX_FILTER} ORDER BY ${SYMBOL_ORDER}`;
    return this.rows(sql, params).map(toSymbol);
  }

  /**
   * With `searches`, the files that cannot match are left out in SQL, before their lists become JavaScript strings:
   * a file is kept when it has a field scored whole, a character outside ASCII in its list (SQLite's `LIKE` and the
   * trigram tokenizer fold ASCII only, so JavaScript decides there: the partial index `field_words_loose` lists these
   * files), or a search string in its list under ASCII case folding — on ASCII text that is the JavaScript
   * lower-casing the contract names. When every search string has 3 characters or more, the trigram index
   * (`field_trigrams`, schema 8) names the lists holding one, and only those are read; a shorter one has no trigram,
   * so every list is tested with `LIKE` instead. A search string is ASCII letters and digits, never a `LIKE` wildcard
   * nor an FTS5 query operator inside its quotes; anything else, or one longer than {@link LIKE_TERM_MAX}, reads
   * every file.
   *
   * @param pathPrefix - Optional literal path prefix.
   * @param searches - The query's search strings (lower-case ASCII letters and digits).
   * @returns The stored word lists of the files under it that can match, in file-handle order.
   */
  async fieldWords(pathPrefix?: string, searches?: readonly string[]): Promise<readonly StoredFieldWords[]> {
    const params: Record<string, unknown> = {};
    const conditions: string[] = [];
    if (pathPrefix !== undefined) {
      params.prefix = pathPrefix;
      conditions.push(PREFIX_FILTER);
    }
    // A search string too long for a `LIKE` pattern (SQLite refuses it) reads every file, as without searches.
    const usable = searches !== undefined && searches.every((s) => /^[a-z0-9]+$/.test(s) && s.length <= LIKE_TERM_MAX);
    let order = '';
    if (usable && searches.length > 0 && searches.every((s) => s.length >= TRIGRAM_LENGTH)) {
      params.match = searches.map((search) => `"${search}"`).join(' OR ');
      conditions.push(`w.file_id IN (SELECT rowid FROM field_trigrams WHERE field_trigrams MATCH @match
        UNION ALL SELECT file_id FROM field_words WHERE ${LOOSE_WORDS})`);
      order = ' ORDER BY w.file_id';
    } else if (usable) {
      const found = searches.map((search, i) => {
        params[`s${i}`] = `%${search}%`;
        return ` OR w.words LIKE @s${i}`;
      });
      // In this order: SQLite stops at the first true term, so the character count runs only on lists without a match.
      conditions.push(`(w.irregular IS NOT NULL${found.join('')} OR octet_length(w.words) <> length(w.words))`);
    }
    const from = pathPrefix === undefined ? 'field_words w' : 'field_words w JOIN files f ON f.id = w.file_id';
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    const rows = this.rows(
      `SELECT w.first_symbol_id, w.words, w.postings, w.irregular FROM ${from}${where}${order}`,
      params,
    );
    return rows.map((r) => ({
      firstSymbolId: r[0] as number,
      words: r[1] as string,
      postings: r[2] as Buffer,
      irregular: r[3] as string | null,
    }));
  }

  /** A connection-local function; registering it writes nothing to the database. */
  private registerLower(): void {
    if (this.lowerRegistered) return;
    this.db.function('codira_lower', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? text.toLowerCase() : null,
    );
    this.lowerRegistered = true;
  }

  /**
   * @param options - Filters and limit.
   * @returns Symbols with metrics, by fan-in and fan-out descending, qualified name, path, start line.
   */
  async listSymbols(options: ListSymbolsOptions): Promise<readonly SymbolMetricsRow[]> {
    const params = {
      prefix: options.pathPrefix ?? null,
      kinds: options.kinds ? JSON.stringify(options.kinds) : null,
      limit: options.limit ?? -1,
    };
    const filter = `${PREFIX_FILTER} AND (@kinds IS NULL OR s.kind IN (SELECT value FROM json_each(@kinds)))`;
    const order = 's.qualified_name, f.path, s.start_line, s.kind, s.id';
    // Symbols with a fan-in or fan-out come before every other (those sort as 0, 0), so when at least `limit` of them
    // match they are the whole answer: read them along `metrics_rank`, which sorts only the ties of the last group.
    if (params.limit > 0) {
      const ranked = this.rows(
        `SELECT ${SYMBOL_COLUMNS}, m.fan_in, m.fan_out FROM metrics m INDEXED BY metrics_rank
          JOIN symbols s ON s.id = m.symbol_id JOIN files f ON f.id = s.file_id
        WHERE (m.fan_in > 0 OR m.fan_out > 0) AND ${filter}
        ORDER BY m.fan_in DESC, m.fan_out DESC, ${order} LIMIT @limit`,
        params,
      );
      if (ranked.length === params.limit) return ranked.map(toMetricsRow);
    }
    const sql = `SELECT ${SYMBOL_COLUMNS}, coalesce(m.fan_in, 0) AS fan_in, coalesce(m.fan_out, 0) AS fan_out
      FROM ${SYMBOL_FROM} LEFT JOIN metrics m ON m.symbol_id = s.id
      WHERE ${filter}
      ORDER BY fan_in DESC, fan_out DESC, ${order}
      LIMIT @limit`;
    return this.rows(sql, params).map(toMetricsRow);
  }

  /**
   * @param options - Filters and limit.
   * @returns The listing's rows cut to their ranked fields.
   */
  async rankSymbols(options: ListSymbolsOptions): Promise<readonly RankedSymbolRow[]> {
    return (await this.listSymbols(options)).map(rankedRow);
  }

  /**
   * @param lookup - Kind, direction and handles.
   * @returns The matching edges in the direction's order.
   */
  async edges(lookup: EdgeLookup): Promise<readonly EdgeRow[]> {
    if (lookup.ids.length === 0) return [];
    return this.rows(edgeSql(lookup), [JSON.stringify(lookup.ids)]).map(toEdge);
  }

  /**
   * @param pathPrefix - Optional literal path prefix.
   * @returns Findings by path, line, rule, symbol.
   */
  async findings(pathPrefix?: string): Promise<readonly FindingRow[]> {
    const sql = `SELECT x.rule, x.line, x.symbol, x.message, f.path FROM findings x JOIN files f ON f.id = x.file_id
      WHERE ${PREFIX_FILTER} ORDER BY f.path, x.line, x.rule, x.symbol, x.rowid`;
    return this.rows(sql, { prefix: pathPrefix ?? null }).map((r) => ({
      rule: r[0] as string,
      line: r[1] as number,
      symbol: r[2] as string,
      message: r[3] as string,
      path: r[4] as string,
    }));
  }

  /** @returns Every stored vector as one matrix, rows in symbol order. */
  async embeddings(): Promise<EmbeddingMatrix> {
    const { dimension } = (await this.meta()).embedder;
    const stored = storedEmbeddingHandles(this.db);
    // Plucked: a number per symbol, not an array each (SymPy: 46k arrays, a share of the read's collections).
    const order = this.db.prepare(`SELECT s.id FROM ${SYMBOL_FROM} ORDER BY ${SYMBOL_ORDER}`).pluck().all() as number[];
    // Symbol-order row of each handle, then of each stored row: every value is written once, straight to its place.
    let top = 0;
    for (const id of order) if (id >= top) top = id + 1;
    const rowOf = new Int32Array(top).fill(-1);
    const symbolIds: number[] = [];
    const has = new Uint8Array(top);
    for (const id of stored) if (id < top) has[id] = 1;
    for (const id of order) {
      if (has[id] === 1) {
        rowOf[id] = symbolIds.length;
        symbolIds.push(id);
      }
    }
    if (symbolIds.length !== stored.length) throw new Error(`${stored.length} vectors, ${symbolIds.length} of symbols`);
    const rowStarts = Int32Array.from(stored, (id) => rowOf[id]! * dimension);
    const vectors = new Float32Array(symbolIds.length * dimension);
    storedEmbeddingsInto(this.db, dimension, vectors, rowStarts);
    return { dimension, symbolIds, vectors };
  }

  /**
   * One row-major block, rows in embedding-chunk order (`sqlite-embeddings.ts`: file handle, then symbol handle):
   * every dimension's columns read and interleaved back into rows.
   *
   * @returns Every stored vector with its handle.
   */
  async embeddingsAnyOrder(): Promise<EmbeddingBlocks> {
    return storedEmbeddingBlocks(this.db, (await this.meta()).embedder.dimension);
  }

  /**
   * The embedding similarity scored over the columns of the query's non-zero dimensions only (SymPy: ~5 of 23 MB).
   *
   * @param query - L2-normalised query vector.
   * @param n - Ranks wanted.
   * @returns The rows that can rank, with their dot products.
   */
  async nearestEmbeddings(query: Float32Array, n: number): Promise<NearestEmbeddings> {
    return nearestStoredEmbeddings(this.db, (await this.meta()).embedder.dimension, query, n);
  }

  /**
   * Incremental runs commit in place, so a consistent view needs a read transaction: its shared lock keeps a writer's
   * commit out until the transaction ends. Concurrent snapshots on this connection share one transaction (SQLite does
   * not nest them); it ends when the last one finishes. Reads are synchronous, so a snapshot over them never spans
   * an event-loop turn in which this process's own writer could wait on the lock.
   *
   * @param work - Reads to run on one committed state.
   * @returns What `work` returns.
   */
  async consistent<T>(work: (reader: ReadSession) => Promise<T>): Promise<T> {
    if (this.openSnapshots++ === 0) this.db.exec('BEGIN');
    try {
      return await work(this);
    } finally {
      if (--this.openSnapshots === 0 && this.db.open) this.db.exec('COMMIT');
    }
  }

  /** Close the connection. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * Open the index read-only and run the one readiness query.
 *
 * @param file - Path of `index.sqlite`.
 * @returns A read session.
 */
export function openSqliteReader(file: string): SqliteReadSession {
  try {
    return openReadOnly(file);
  } catch (error) {
    // An incremental run killed inside its transaction leaves a hot rollback journal, which a read-only connection
    // may not replay. Replaying it restores exactly the last committed index; it is SQLite's own crash recovery, not
    // a repair of ours, and needs write access once. Without write access the index stays unreadable until `index`.
    if ((error as { code?: unknown }).code !== 'SQLITE_READONLY_ROLLBACK') throw unavailableFrom(error, file);
    try {
      rollBackCrashedRun(file);
      return openReadOnly(file);
    } catch (retryError) {
      throw unavailableFrom(retryError, file);
    }
  }
}

function openReadOnly(file: string): SqliteReadSession {
  const db = openSqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const { inventoryJson } = checkStoredVersion(db, file);
    return new SqliteReadSession(db, inventoryJson);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Let SQLite roll back the hot journal of a dead writer: the first read on a writable connection does it.
 *
 * @param file - Path of `index.sqlite`.
 */
function rollBackCrashedRun(file: string): void {
  const db = openSqliteDatabase(file, { fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } finally {
    db.close();
  }
}
