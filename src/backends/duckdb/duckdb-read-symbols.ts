/**
 * Symbol reads of the DuckDB read session. Lookups by handle or name are single-table queries sorted in JavaScript with the
 * code point comparators of `src/core/text.ts`; scans (names, lexical matching, listings) join and order in SQL. Every
 * order ends with the symbol handle, the analyzer's order within a file, so output is total and identical to the
 * memory reference's stable sorts.
 *
 * @packageDocumentation
 */
import type { ListSymbolsOptions } from '../../core/contracts.js';
import { rankedRow, type RankedSymbolRow, type SymbolMetricsRow, type SymbolRow } from '../../core/model.js';
import { compareSymbols, compareText } from '../../core/text.js';
import type { NativeReadConnection, ResultColumns } from './duckdb-native.js';
import type { DuckDbReadScope, FileInfo } from './duckdb-read-files.js';
import { handleCondition, nonNegativeInteger, placeholders, prefixClause } from './duckdb-read-sql.js';
import { SEARCH_SEPARATOR, SYMBOL_KINDS } from './duckdb-schema.js';
import { SymbolRanking } from './duckdb-symbol-ranking.js';

const SYMBOL_COLUMNS =
  's.id, s.file_id, s.qualified_name, s.name, s.kind, s.start_line, s.end_line, s.signature, s.docstring, s.exported';
/** Position of `s.file_id` in {@link SYMBOL_COLUMNS}. */
const FILE_ID_COLUMN = 1;
/** Symbol order in SQL over `symbols s JOIN files f`, ending with the handle. */
export const SYMBOL_ORDER = 'f.path, s.start_line, s.qualified_name, s.kind, s.id';
/** Order of `listSymbols` over `symbols s JOIN files f` with the metric columns `fan_in` and `fan_out`. */
export const LISTING_ORDER = 'fan_in DESC, fan_out DESC, s.qualified_name, f.path, s.start_line, s.kind, s.id';

/**
 * @param scope - Connection and file identity.
 * @param names - Short or qualified names.
 * @param pathPrefix - Optional literal path prefix.
 * @returns Matching symbols in symbol order.
 */
export async function symbolsByName(
  scope: DuckDbReadScope,
  names: readonly string[],
  pathPrefix?: string,
): Promise<SymbolRow[]> {
  if (names.length === 0) return [];
  const index = scope.resident.names;
  if (!index) scope.wantResident('names');
  else {
    // A long-lived session: the handles from memory, the rows by handle (a scan of the integer column only).
    const rows = await symbolsById(scope, index.idsNamed(names));
    return pathPrefix ? rows.filter((row) => row.path.startsWith(pathPrefix)) : rows;
  }
  const list = placeholders(1, names.length);
  // A name matches few rows. DuckDB cannot push the two-column `OR` into the scan, so a query selecting every column
  // under it decoded all ten columns of every symbol (SymPy: docstrings, signatures and qualified names of 45k rows,
  // ~14 ms CPU in a fresh process). The handles come from the two name columns alone, then the rows by handle (a
  // pushed-down filter: only the vectors holding them are decoded) — ~8 ms together (issue 12, session 19). The
  // prefix filter and the order are applied in JavaScript over the file identity (the join and SQL order cost twice
  // the whole lookup, measured in issue 12).
  const found = await scope.db.select(
    `SELECT s.id FROM symbols s WHERE s.name IN (${list}) OR s.qualified_name IN (${list})`,
    [...names],
  );
  const ids = found.requiredInts(0);
  if (ids.length === 0) return [];
  const r =
    ids.length <= MAX_LISTED_IDS
      ? await scope.db.select(`SELECT ${SYMBOL_COLUMNS} FROM symbols s WHERE ${handleCondition('s.id', ids)!}`)
      : await scope.db.select(
          `SELECT ${SYMBOL_COLUMNS} FROM symbols s WHERE s.name IN (${list}) OR s.qualified_name IN (${list})`,
          [...names],
        );
  const rows = symbolRows(r, await scope.fileInfo(r.requiredInts(FILE_ID_COLUMN)));
  const kept = pathPrefix ? rows.filter((row) => row.path.startsWith(pathPrefix)) : rows;
  return kept.sort((a, b) => compareSymbols(a, b) || a.id - b.id);
}

/**
 * @param scope - Connection and file identity.
 * @param ids - Symbol handles.
 * @returns Those symbols in symbol order.
 */
export async function symbolsById(scope: DuckDbReadScope, ids: readonly number[]): Promise<SymbolRow[]> {
  const condition = handleCondition('s.id', ids);
  if (condition === null) return [];
  const r = await scope.db.select(`SELECT ${SYMBOL_COLUMNS} FROM symbols s WHERE ${condition}`);
  const files = await scope.fileInfo(r.requiredInts(FILE_ID_COLUMN));
  return symbolRows(r, files).sort((a, b) => compareSymbols(a, b) || a.id - b.id);
}

/**
 * Longest handle list read with `IN (…)`, and how many of a ranking's first rows a long-lived session keeps; a longer
 * list reads the whole table (one scan instead of a statement text of tens of kilobytes kept prepared).
 */
const MAX_LISTED_IDS = 1000;

/**
 * @param scope - Connection and file identity.
 * @param terms - Lower-case terms.
 * @param pathPrefix - Optional literal path prefix.
 * @returns Symbols whose name, qualified name or docstring contains a term, in symbol order.
 */
export async function symbolsMatching(
  scope: DuckDbReadScope,
  terms: readonly string[],
  pathPrefix?: string,
): Promise<SymbolRow[]> {
  if (terms.length === 0) return [];
  // The stored search text holds the three fields lower-cased and NUL-separated; a term with a NUL (never produced
  // by the query tokenizer) could match across fields, so it is tested field by field.
  const matches = terms.map((term, i) =>
    term.includes(SEARCH_SEPARATOR)
      ? `contains(lower(s.name), $${i + 1}) OR contains(lower(s.qualified_name), $${i + 1}) ` +
        `OR contains(lower(coalesce(s.docstring, '')), $${i + 1})`
      : `contains(s.search_text, $${i + 1})`,
  );
  return orderedScan(scope, [`(${matches.join(' OR ')})`], [...terms], pathPrefix);
}

/**
 * @param scope - Connection and file identity.
 * @param options - Filters and limit.
 * @returns Symbols with metrics, most connected first.
 */
export async function listSymbols(scope: DuckDbReadScope, options: ListSymbolsOptions): Promise<SymbolMetricsRow[]> {
  const params: string[] = [];
  const where: string[] = [];
  if (options.pathPrefix) where.push(prefixClause(params, options.pathPrefix));
  let known: string[] | undefined;
  if (options.kinds) {
    known = options.kinds.filter((kind) => (SYMBOL_KINDS as readonly string[]).includes(kind));
    if (known.length === 0) return [];
    where.push(`s.kind IN (${placeholders(params.length + 1, known.length)})`);
    params.push(...known);
  }
  const limit = options.limit === undefined ? undefined : nonNegativeInteger(options.limit);
  const ranking = scope.resident.ranking;
  if (!ranking) scope.wantResident('ranking');
  else {
    const codes = known && new Set(known.map((kind) => (SYMBOL_KINDS as readonly string[]).indexOf(kind)));
    const listed = ranking.select(await scope.fileInfo(), options.pathPrefix, codes, limit);
    const ids = listed.map((at) => ranking.ids[at]!);
    const fetched = await rowsById(
      scope,
      ids.filter((id) => !ranking.rows.has(id)),
    );
    return listed.map((at, i) => ({
      ...(ranking.rows.get(ids[i]!) ?? fetched.get(ids[i]!)!),
      fanIn: ranking.fanIn[at]!,
      fanOut: ranking.fanOut[at]!,
    }));
  }
  const r = await scope.db.select(
    `SELECT ${SYMBOL_COLUMNS}, coalesce(m.fan_in, 0) AS fan_in, coalesce(m.fan_out, 0) AS fan_out
     FROM symbols s JOIN files f ON f.id = s.file_id LEFT JOIN metrics m ON m.symbol_id = s.id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${LISTING_ORDER}${limit === undefined ? '' : ` LIMIT ${limit}`}`,
    params,
  );
  const rows = symbolRows(r, await scope.fileInfo());
  const fanIn = r.requiredInts(10);
  const fanOut = r.requiredInts(11);
  return rows.map((row, i) => ({ ...row, fanIn: fanIn[i]!, fanOut: fanOut[i]! }));
}

/**
 * @param scope - Connection and file identity.
 * @param options - Filters and limit.
 * @returns The listing's rows cut to their ranked fields.
 */
export async function rankSymbols(scope: DuckDbReadScope, options: ListSymbolsOptions): Promise<RankedSymbolRow[]> {
  const limit = options.limit === undefined ? undefined : nonNegativeInteger(options.limit);
  if (limit !== undefined && limit > 0 && !options.pathPrefix && !options.kinds && !scope.resident.ranking) {
    scope.wantResident('ranking'); // a long-lived session answers from its ranking once built
    const first = await firstRanked(scope, limit);
    if (first) return first;
  }
  return (await listSymbols(scope, options)).map(rankedRow);
}

/**
 * The first `limit` ranks of an unfiltered listing, read without joining and sorting every symbol: the listing
 * statement decoded the ten columns of every symbol into its top-N (SymPy: ~17 ms of CPU in a fresh process, a third
 * of DuckDB's `symlist`; issue 12, session 23). Every `metrics` row has a fan-in or a fan-out, and every other symbol
 * is (0, 0) and ranks after them, so when `metrics` holds at least `limit` rows the first ranks are among its rows at
 * or above the `limit`-th's (fan-in, fan-out): a narrow top-N over `metrics` finds them, ties at the cut included.
 * Their sort keys are joined from `symbols` (the handful of handles reach the scan as a join filter, and only the
 * columns a listing shows are read: a symbol's name, signature and docstring are most of a row's bytes) and ordered
 * in JavaScript.
 *
 * @param scope - Connection and file identity.
 * @param limit - Rows wanted (positive).
 * @returns The listing, or `null` when the statement over every symbol must answer (fewer than `limit` symbols
 *   with a metric, or a stored (0, 0) metric).
 */
async function firstRanked(scope: DuckDbReadScope, limit: number): Promise<RankedSymbolRow[] | null> {
  const r = await scope.db.select(
    `SELECT s.id, s.file_id, s.qualified_name, s.kind, s.start_line, m.fan_in, m.fan_out
     FROM (SELECT m.symbol_id, m.fan_in, m.fan_out
           FROM metrics m, (SELECT fan_in, fan_out FROM metrics ORDER BY fan_in DESC, fan_out DESC
                            LIMIT 1 OFFSET ${limit - 1}) cut
           WHERE m.fan_in > cut.fan_in OR (m.fan_in = cut.fan_in AND m.fan_out >= cut.fan_out)) m
     JOIN symbols s ON s.id = m.symbol_id`,
  );
  if (r.rowCount < limit) return null;
  const fanIns = r.requiredInts(5);
  const fanOuts = r.requiredInts(6);
  for (let i = 0; i < r.rowCount; i++) if (fanIns[i] === 0 && fanOuts[i] === 0) return null;
  const fileIds = r.requiredInts(1);
  const files = await scope.fileInfo(fileIds);
  const qualifiedNames = r.requiredTexts(2);
  const kinds = r.codes(3);
  const startLines = r.requiredInts(4);
  return r
    .requiredInts(0)
    .map((id, i): RankedSymbolRow => ({
      id,
      qualifiedName: qualifiedNames[i]!,
      kind: SYMBOL_KINDS[kinds[i]!]!,
      path: files.get(fileIds[i]!)!.path,
      startLine: startLines[i]!,
      fanIn: fanIns[i]!,
      fanOut: fanOuts[i]!,
    }))
    .sort(compareListing)
    .slice(0, limit);
}

/**
 * The listing order (`LISTING_ORDER`) over rows holding its keys, text by code point as DuckDB orders it.
 *
 * @param a - A row.
 * @param b - Another row.
 * @returns Negative, zero or positive.
 */
function compareListing(a: RankedSymbolRow, b: RankedSymbolRow): number {
  return (
    b.fanIn - a.fanIn ||
    b.fanOut - a.fanOut ||
    compareText(a.qualifiedName, b.qualifiedName) ||
    compareText(a.path, b.path) ||
    a.startLine - b.startLine ||
    compareText(a.kind, b.kind) ||
    a.id - b.id
  );
}

/**
 * Rows by handle, unordered.
 *
 * @param scope - Connection and file identity.
 * @param ids - Symbol handles.
 * @returns Row by handle.
 */
async function rowsById(scope: DuckDbReadScope, ids: readonly number[]): Promise<Map<number, SymbolRow>> {
  if (ids.length === 0) return new Map();
  const listed = ids.length <= MAX_LISTED_IDS;
  const [r, files] = await Promise.all([
    scope.db.select(
      `SELECT ${SYMBOL_COLUMNS} FROM symbols s${listed ? ` WHERE ${handleCondition('s.id', ids)!}` : ''}`,
    ),
    scope.fileInfo(),
  ]);
  const wanted = listed ? null : new Set(ids);
  const rows = symbolRows(r, files).filter((row) => !wanted || wanted.has(row.id));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Rank every symbol for `listSymbols`, with the rows of the first ranks (a listing's first pages) kept too.
 *
 * @param scope - The session (its file identity).
 * @param db - The connection to read on.
 * @returns The ranking.
 */
export async function rankingOrder(scope: DuckDbReadScope, db: NativeReadConnection): Promise<SymbolRanking> {
  const ranking = await SymbolRanking.load(db, LISTING_ORDER);
  const onDb: DuckDbReadScope = {
    db,
    resident: scope.resident,
    fileInfo: () => scope.fileInfo(),
    wantResident: () => undefined,
  };
  const rows = await rowsById(onDb, [...ranking.ids.subarray(0, MAX_LISTED_IDS)]);
  return ranking.withRows(rows);
}

/**
 * Symbols meeting every condition (and the path prefix), joined and ordered in SQL.
 *
 * @param scope - Connection and file identity.
 * @param where - Conditions over `s` and `f`; their parameters are `params`.
 * @param params - Bound parameters; the prefix is appended.
 * @param pathPrefix - Optional literal path prefix.
 * @returns Symbols in symbol order.
 */
async function orderedScan(
  scope: DuckDbReadScope,
  where: string[],
  params: string[],
  pathPrefix: string | undefined,
): Promise<SymbolRow[]> {
  if (pathPrefix) where.push(prefixClause(params, pathPrefix));
  const r = await scope.db.select(
    `SELECT ${SYMBOL_COLUMNS} FROM symbols s JOIN files f ON f.id = s.file_id WHERE ${where.join(' AND ')}
     ORDER BY ${SYMBOL_ORDER}`,
    params,
  );
  return symbolRows(r, await scope.fileInfo());
}

/**
 * Decode rows of {@link SYMBOL_COLUMNS} (columns 0–9), with file identity from `files`.
 *
 * @param r - Result whose first ten columns are {@link SYMBOL_COLUMNS}.
 * @param files - File identity by handle.
 * @returns Symbol rows in result order.
 */
function symbolRows(r: ResultColumns, files: ReadonlyMap<number, FileInfo>): SymbolRow[] {
  const ids = r.requiredInts(0);
  const fileIds = r.requiredInts(1);
  const qualifiedNames = r.requiredTexts(2);
  const names = r.requiredTexts(3);
  const kinds = r.codes(4);
  const startLines = r.requiredInts(5);
  const endLines = r.requiredInts(6);
  const signatures = r.requiredTexts(7);
  const docstrings = r.texts(8);
  const exported = r.bools(9);
  return ids.map((id, i) => {
    const file = files.get(fileIds[i]!)!;
    return {
      id,
      path: file.path,
      module: file.module,
      language: file.language,
      qualifiedName: qualifiedNames[i]!,
      name: names[i]!,
      kind: SYMBOL_KINDS[kinds[i]!]!,
      startLine: startLines[i]!,
      endLine: endLines[i]!,
      signature: signatures[i]!,
      docstring: docstrings[i] ?? null,
      exported: exported[i]!,
    };
  });
}
