/**
 * The embeddings of the DuckDB read session, stored one `FLOAT` column per dimension: the matrix (a streaming scan of
 * the columns, placed by handle in the symbol order of a narrow query), and the similarity scored in the engine.
 *
 * @packageDocumentation
 */
import type { StoredFieldWords } from '../../core/field-words.js';
import { checkEmbeddingDimension, nthLargestPositive } from '../../core/embeddings.js';
import type { EmbeddingBlocks, EmbeddingMatrix, NearestEmbeddings } from '../../core/model.js';
import type { NativeReadConnection, ResultColumns } from './duckdb-native.js';
import { prefixClause } from './duckdb-read-sql.js';
import { SYMBOL_ORDER } from './duckdb-read-symbols.js';
import { embeddingColumns } from './duckdb-schema.js';

/**
 * @param db - Read-only connection.
 * @param dimension - Vector length from the inventory.
 * @returns Every embedding, rows in symbol order.
 */
export async function embeddingMatrix(db: NativeReadConnection, dimension: number): Promise<EmbeddingMatrix> {
  const order = await db.select(`SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id ORDER BY ${SYMBOL_ORDER}`);
  const result = await db.selectStreaming(`SELECT ${['id', ...embeddingColumns(dimension)].join(', ')} FROM symbols`);
  const symbolIds = order.requiredInts(0);
  const rowOf = new Int32Array(symbolIds.reduce((max, id) => Math.max(max, id), 0) + 1).fill(-1);
  symbolIds.forEach((id, row) => (rowOf[id] = row));
  // Each value goes straight to its symbol-order row: no second copy of the matrix.
  const rowStarts = Int32Array.from(result.requiredInts(0), (id) => {
    const row = rowOf[id] ?? -1;
    if (row < 0) throw new Error(`symbol ${id} has a vector but no row`);
    return row * dimension;
  });
  if (rowStarts.length !== symbolIds.length) {
    throw new Error(`${symbolIds.length} symbols but ${rowStarts.length} stored vectors`);
  }
  const vectors = new Float32Array(symbolIds.length * dimension);
  for (let d = 0; d < dimension; d++) result.floatsInto(1 + d, vectors, d, dimension, rowStarts);
  return { dimension, symbolIds, vectors };
}

/**
 * @param db - Read-only connection.
 * @param dimension - Vector length from the inventory.
 * @returns Every embedding with its handle, rows in the order of one streaming scan (no sort, no join), as one block
 *   assembled from the dimension columns.
 */
export async function storedEmbeddings(db: NativeReadConnection, dimension: number): Promise<EmbeddingBlocks> {
  const result = await db.selectStreaming(`SELECT ${['id', ...embeddingColumns(dimension)].join(', ')} FROM symbols`);
  const symbolIds = result.requiredInts(0);
  const vectors = new Float32Array(symbolIds.length * dimension);
  for (let d = 0; d < dimension; d++) result.floatsInto(1 + d, vectors, d, dimension);
  return { dimension, symbolIds, blocks: [vectors] };
}

/**
 * The rows that can rank by similarity to `query`, scored in the engine (`ReadSession.nearestEmbeddings`): only the
 * columns of the query's non-zero dimensions are read. Each dot product is the sum JavaScript takes (`scoreBlocks`):
 * one `DOUBLE` product per used dimension (the stored `FLOAT` widened exactly by DuckDB's implicit cast, times the
 * query's float32 weight written as a `DOUBLE` literal in exponent notation with the shortest digits that give back
 * its exact value), added left to right in ascending dimension order — DuckDB evaluates `a + b + c` as `(a + b) + c`
 * in IEEE double arithmetic, so the bits agree. The cut keeps every positive row within 2·10⁻⁶ of the `n`-th best
 * positive (rounding to 6 decimals moves a score by at most 5·10⁻⁷), so the rows that tie after rounding are in.
 *
 * One statement, a top-N: the best `2n + 16` rows by dot product, and the number of stored embeddings as one more row
 * without a handle. The `n`-th best positive is among them, so the cut is known; when the last of them still passes
 * it, rows left out may pass too (ties past the window), and a second statement reads every positive row. Against a
 * statement that materialized every product, took the `n`-th best in a subquery of it and cast a text literal per
 * weight, this plans ~0.6–0.8 ms of CPU faster and runs 0.5–1.7 faster (docs/process/issue-12-execution.md, session 25);
 * every row's product brought back and cut here instead costs more in JavaScript on large tables (SymPy's 45k rows)
 * than it saves.
 *
 * A query of another length than the store's counts first, so that the mismatch is reported as such and not as a
 * missing column.
 *
 * @param db - Read-only connection.
 * @param dimension - Vector length from the inventory.
 * @param query - L2-normalised query vector.
 * @param n - Ranks wanted.
 * @param window - Rows the first statement returns (tests make it small to take the second path).
 * @returns The candidate rows with their dot products, and the number of stored embeddings.
 */
export async function nearestEmbeddings(
  db: NativeReadConnection,
  dimension: number,
  query: Float32Array,
  n: number,
  window = 2 * Math.floor(n) + 16,
): Promise<NearestEmbeddings> {
  const products: string[] = [];
  for (let d = 0; d < query.length; d++) {
    if (query[d] !== 0) products.push(`e${d} * ${doubleLiteral(query[d]!)}`);
  }
  const limit = Math.floor(n);
  if (query.length !== dimension || products.length === 0 || !(limit > 0)) {
    const [total = 0] = (await db.select('SELECT count(*)::INTEGER FROM symbols')).requiredInts(0);
    checkEmbeddingDimension(total > 0 ? dimension : 0, query);
    return { total, symbolIds: [], dots: new Float64Array(0) };
  }
  const dot = `${products.join(' + ')} AS dot`;
  const top = scored(
    await db.select(
      `SELECT id, dot FROM (SELECT id, ${dot} FROM symbols ORDER BY dot DESC LIMIT ${Math.max(window, limit)})
       UNION ALL SELECT NULL, count(*)::DOUBLE FROM symbols`,
    ),
  );
  const bar = nthLargestPositive(top.dots, limit);
  const cut = bar === undefined ? 0 : bar - 2e-6;
  const last = top.dots.reduce((least, value) => Math.min(least, value), Infinity);
  // The subquery's `OFFSET 0` keeps the filter above the projection: pushed below it, every product is computed twice.
  const rows =
    top.dots.length >= Math.max(window, limit) && last > 0 && last >= cut
      ? scored(await db.select(`SELECT id, dot FROM (SELECT id, ${dot} FROM symbols OFFSET 0) WHERE dot > 0`))
      : top;
  const symbolIds: number[] = [];
  const kept: number[] = [];
  rows.dots.forEach((value, row) => {
    if (value > 0 && value >= cut) {
      symbolIds.push(rows.ids[row]!);
      kept.push(value);
    }
  });
  return { total: top.total, symbolIds, dots: Float64Array.from(kept) };
}

/**
 * @param result - Rows of (handle, dot product), and at most one row without a handle holding a count.
 * @returns The rows with a handle, and the count (0 without its row).
 */
function scored(result: ResultColumns): { ids: number[]; dots: number[]; total: number } {
  const handles = result.ints(0);
  const values = result.doubles(1);
  const ids: number[] = [];
  const dots: number[] = [];
  let total = 0;
  handles.forEach((id, row) => {
    if (id === null) {
      total = values[row]!;
    } else {
      ids.push(id);
      dots.push(values[row]!);
    }
  });
  return { ids, dots, total };
}

/**
 * @param value - A finite number.
 * @returns A DuckDB `DOUBLE` literal of exactly `value`: exponent notation (a plain decimal literal would be a
 *   `DECIMAL`), with the shortest digits that read back as `value` (`Number.prototype.toExponential` without a
 *   digit count), so no text cast is bound per weight.
 */
export function doubleLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`no DOUBLE literal for ${value}`);
  return value.toExponential();
}

/**
 * @param db - Read-only connection.
 * @param pathPrefix - Optional literal path prefix.
 * @param searches - The query's search strings: only the files that can hold one are read ({@link searchClause}).
 * @returns The stored word lists of the files under it that have any (`files` columns; no sort).
 */
export async function storedFieldWords(
  db: NativeReadConnection,
  pathPrefix?: string,
  searches?: readonly string[],
): Promise<StoredFieldWords[]> {
  const params: string[] = [];
  const prefix = pathPrefix === undefined ? '' : ` AND ${prefixClause(params, pathPrefix)}`;
  const result = await db.selectStreaming(
    `SELECT f.first_symbol_id, f.words, f.word_postings, f.irregular_fields FROM files f
      WHERE (f.words <> '' OR f.irregular_fields IS NOT NULL)${prefix}${searchClause(params, searches)}`,
    params,
  );
  const firsts = result.requiredInts(0);
  const words = result.requiredTexts(1);
  const irregular = result.texts(3);
  const postings = new Array<Uint8Array>(firsts.length);
  // The visited bytes are valid during the call only: copy each value out.
  result.forEachBlob(2, (row, bytes, start, length) => (postings[row] = bytes.slice(start, start + length)));
  return firsts.map((firstSymbolId, row) => ({
    firstSymbolId,
    words: words[row]!,
    postings: postings[row]!,
    irregular: irregular[row] ?? null,
  }));
}

/**
 * The files whose word lists can hold a search string: some field scored whole, a word outside ASCII (DuckDB's case
 * folding need not be JavaScript's lower-casing on such text, so JavaScript decides), or a search string in the list
 * under ASCII case folding — on ASCII text that is `toLowerCase`, so a file left out has no matching word.
 *
 * Search strings of ASCII letters and digits (what `queryTerms` makes) are found in one pass of one case-insensitive
 * regular expression, `(?i)s1|s2|…` (no metacharacter can occur in them): 2.6–2.9 ms on SymPy against 4.2–4.9 for a
 * `contains(lower(words), s)` per string, which lower-cases the list once per string (docs/process/issue-12-execution.md,
 * session 21). Any other search string takes the `contains(lower(…))` form.
 *
 * @param params - Positional parameters, appended to.
 * @param searches - Search strings; `undefined` for every file.
 * @returns The SQL condition, empty without searches.
 */
function searchClause(params: string[], searches: readonly string[] | undefined): string {
  if (searches === undefined) return '';
  let found: string[];
  if (searches.length > 0 && searches.every((search) => /^[a-z0-9]+$/.test(search))) {
    found = [`regexp_matches(f.words, '(?i)${searches.join('|')}')`];
  } else {
    found = searches.map((search) => {
      params.push(search);
      return `contains(lower(f.words), $${params.length})`;
    });
  }
  return ` AND (f.irregular_fields IS NOT NULL OR strlen(f.words) <> length(f.words)${found.map((c) => ` OR ${c}`).join('')})`;
}
