/**
 * `emb`: embedding-only matches. Also the embedding signal of `ctx`.
 *
 * Similarity is the dot product of L2-normalised vectors (cosine). The stored vectors are bit-identical on every
 * backend and each score is one row's own sum, so ranking by (rounded score desc, symbol order) is identical
 * everywhere, whatever order the store returns the rows in.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import { EMBEDDER, checkEmbeddingDimension, embedQuery } from '../core/embeddings.js';
import type { EmbeddingBlocks, EmbeddingMatrix, SymbolOutline, SymbolRow } from '../core/model.js';
import { symbolView, type SymbolView } from './symbols.js';

/** One `emb` match. */
export interface EmbMatch extends SymbolView {
  /** Cosine similarity with the query, rounded to 6 decimals. */
  readonly score: number;
}

/** Result of `codira emb`. */
export interface EmbResult {
  readonly query: string;
  readonly prefix: string | null;
  readonly limit: number;
  /** Embedder the query was embedded with (name, version, dimension). */
  readonly embedder: { readonly name: string; readonly version: string; readonly dimension: number };
  readonly matches: readonly EmbMatch[];
}

/** A symbol row with its similarity score. */
export interface ScoredRow<R extends SymbolOutline = SymbolRow> {
  readonly row: R;
  /** Cosine similarity rounded to 6 decimals. */
  readonly score: number;
}

/**
 * Round a score to 6 decimals: the precision printed, and the precision ranked on, so visible ties fall back to
 * symbol order.
 *
 * @param value - Raw score.
 * @returns The rounded score.
 */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A row of the matrix with its score. */
export interface RankedRow {
  /** Row of the matrix (symbol order). */
  readonly row: number;
  /** Rounded score. */
  readonly score: number;
}

/**
 * The query's non-zero components. Only they contribute: skipping a product with an exact zero leaves the sum's bits
 * as they are (x + 0 = x), and the rest are added in the same order. A query names a few dozen of the dimensions.
 *
 * @param dimension - The stored vectors' length (0 when nothing is stored).
 * @param query - L2-normalised query vector.
 * @returns The dimensions used, in order, and their weights.
 */
function queryDims(dimension: number, query: Float32Array): { dims: Int32Array; weights: Float64Array } {
  checkEmbeddingDimension(dimension, query);
  const used: number[] = [];
  for (let i = 0; i < query.length; i++) if (query[i] !== 0) used.push(i);
  return { dims: Int32Array.from(used), weights: Float64Array.from(used, (i) => query[i]!) };
}

/**
 * Score every row of the matrix against a query vector: the dot product, rounded to the precision ranked on.
 *
 * @param matrix - Stored embeddings.
 * @param query - L2-normalised query vector.
 * @returns One rounded score per row.
 */
export function scoreMatrix(matrix: EmbeddingMatrix, query: Float32Array): Float64Array {
  return scoreBlocks({ dimension: matrix.dimension, symbolIds: matrix.symbolIds, blocks: [matrix.vectors] }, query);
}

/**
 * {@link scoreMatrix} over rows held in blocks: the same sum per row, so the same bits.
 *
 * @param matrix - Stored embeddings in blocks.
 * @param query - L2-normalised query vector.
 * @returns One rounded score per row, rows in block order.
 */
export function scoreBlocks(matrix: EmbeddingBlocks, query: Float32Array): Float64Array {
  const { dimension, symbolIds } = matrix;
  const { dims, weights } = queryDims(symbolIds.length > 0 ? dimension : 0, query);
  const scores = new Float64Array(symbolIds.length);
  let row = 0;
  for (const vectors of matrix.blocks) {
    for (let base = 0; base < vectors.length; row++, base += dimension) {
      let dot = 0;
      for (let k = 0; k < dims.length; k++) dot += vectors[base + dims[k]!]! * weights[k]!;
      scores[row] = roundScore(dot);
    }
  }
  return scores;
}

/**
 * The matrix column by column (`dimension × rows`), for {@link scoreColumns}.
 *
 * @param matrix - Stored embeddings.
 * @returns Column-major copy of the vectors.
 */
export function transposeMatrix(matrix: EmbeddingMatrix): Float32Array {
  const { dimension, vectors } = matrix;
  const rows = matrix.symbolIds.length;
  const columns = new Float32Array(vectors.length);
  for (let row = 0, base = 0; row < rows; row++, base += dimension) {
    for (let d = 0; d < dimension; d++) columns[d * rows + row] = vectors[base + d]!;
  }
  return columns;
}

/**
 * {@link scoreMatrix} over the column-major copy: the same products added in the same order per row (so the same
 * bits), but each used dimension is one sequential pass over a column instead of a scattered read per row; a
 * long-lived session that keeps the copy reads a fifth of the memory per query.
 *
 * @param matrix - Stored embeddings (dimension and row count).
 * @param columns - {@link transposeMatrix} of it.
 * @param query - L2-normalised query vector.
 * @returns One rounded score per row.
 */
export function scoreColumns(matrix: EmbeddingMatrix, columns: Float32Array, query: Float32Array): Float64Array {
  const rows = matrix.symbolIds.length;
  const { dims, weights } = queryDims(rows > 0 ? matrix.dimension : 0, query);
  const scores = new Float64Array(rows);
  for (let k = 0; k < dims.length; k++) {
    const weight = weights[k]!;
    const offset = dims[k]! * rows;
    for (let row = 0; row < rows; row++) scores[row] = scores[row]! + columns[offset + row]! * weight;
  }
  for (let row = 0; row < rows; row++) scores[row] = roundScore(scores[row]!);
  return scores;
}

/**
 * Ranking order: score descending, then row order.
 *
 * @param sa - Score of row `a`.
 * @param a - A row.
 * @param sb - Score of row `b`.
 * @param b - Another row.
 * @returns Whether `a` ranks after `b`.
 */
function after(sa: number, a: number, sb: number, b: number): boolean {
  return sa < sb || (sa === sb && a > b);
}

/**
 * The first `k` rows of the ranking: positive scores only, score descending, then row (symbol) order. A bounded heap
 * of the best rows so far (the worst on top) keeps the work near one pass over the scores instead of a sort of every
 * positive row. Rows are visited in order, so a row ties behind every row already kept: once the heap is full, only a
 * strictly higher score than its worst can enter, which is the one comparison most rows take.
 *
 * @param scores - Rounded scores per row ({@link scoreMatrix}).
 * @param k - Rows wanted.
 * @param keep - Optional filter on rows (e.g. a path prefix); rejected rows take no rank.
 * @returns Up to `k` rows, best first.
 */
export function topRows(scores: Float64Array, k: number, keep?: (row: number) => boolean): RankedRow[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  const worse = (i: number, j: number): boolean => after(scores[heap[i]!]!, heap[i]!, scores[heap[j]!]!, heap[j]!);
  const swap = (i: number, j: number): void => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  let bar = 0; // a row must score above this to enter
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row]!;
    if (score <= bar) continue;
    if (keep && !keep(row)) continue;
    if (heap.length < k) {
      heap.push(row);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else {
      heap[0] = row;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let top = i;
        if (l < heap.length && worse(l, top)) top = l;
        if (r < heap.length && worse(r, top)) top = r;
        if (top === i) break;
        swap(i, top);
        i = top;
      }
    }
    if (heap.length === k) bar = scores[heap[0]!]!;
  }
  return heap.sort((a, b) => scores[b]! - scores[a]! || a - b).map((row) => ({ row, score: scores[row]! }));
}

/**
 * Rows that can take one of the first `n` ranks: the first `n` of {@link topRows} and every other row tied with the
 * last of them. Ordered by (score descending, symbol order), they begin with the ranking's first `n` entries whatever
 * the order of the matrix's rows: every row left out scores below all of them.
 *
 * @param scores - Rounded scores per row.
 * @param n - Ranks wanted.
 * @returns The rows (unordered); fewer than `n` only when fewer rows score above zero.
 */
export function rowsWithTies(scores: Float64Array, n: number): RankedRow[] {
  const top = topRows(scores, n);
  if (top.length < n) return top;
  const bar = top[top.length - 1]!.score;
  const out: RankedRow[] = [];
  for (let row = 0; row < scores.length; row++) if (scores[row]! >= bar) out.push({ row, score: scores[row]! });
  return out;
}

/** A symbol handle with its rounded score. */
export interface ScoredHandle {
  readonly id: number;
  readonly score: number;
}

/** The embedding signal of one query: how many symbols are stored, and the handles that can take the first ranks. */
export interface EmbeddingRanking {
  /** Number of stored embeddings (one per symbol). */
  readonly total: number;
  /**
   * The handles that can take one of the first `n` ranks ({@link rowsWithTies}), unordered. Answered at once (no
   * promise) for the window the ranking was made for, so a caller's fetch of the winners is issued in the same
   * synchronous stretch as another signal's (`ctx` batches them into one round trip).
   *
   * @param n - Ranks wanted.
   * @returns Handles with rounded scores.
   */
  candidates(n: number): ScoredHandle[] | Promise<ScoredHandle[]>;
}

/**
 * The first window of ranks {@link nearestSymbols} asks for.
 *
 * @param limit - Maximum rows.
 * @param pathPrefix - Optional literal path prefix (rows outside it take no rank, so the window is wider).
 * @returns Ranks to ask for first.
 */
export function firstWindow(limit: number, pathPrefix?: string): number {
  return pathPrefix ? Math.max(limit * 4, 64) : limit;
}

/**
 * The embedding signal of a query through a read session: scored by the store when it can
 * (`ReadSession.nearestEmbeddings`: only the rows that can rank cross over), else over every vector in JavaScript
 * (`embeddingsAnyOrder`, {@link scoreBlocks}). Both give the same rows with the same bits: the store's dot products
 * are the sums {@link scoreBlocks} takes, rounded here the same way, and {@link rowsWithTies} over a set holding every
 * row that can rank gives what it gives over all rows.
 *
 * @param reader - Open read session.
 * @param query - L2-normalised query vector.
 * @param n - Ranks the caller will ask for first (one store call answers it).
 * @returns The ranking.
 */
export async function rankEmbeddings(reader: ReadSession, query: Float32Array, n: number): Promise<EmbeddingRanking> {
  if (reader.nearestEmbeddings) {
    const fromStore = async (wanted: number): Promise<ScoredHandle[]> => {
      const { symbolIds, dots } = await reader.nearestEmbeddings!(query, wanted);
      const scores = dots.map(roundScore);
      return rowsWithTies(scores, wanted).map(({ row, score }) => ({ id: symbolIds[row]!, score }));
    };
    const first = await reader.nearestEmbeddings(query, n);
    const firstScores = first.dots.map(roundScore);
    return {
      total: first.total,
      candidates: (wanted) =>
        wanted === n
          ? rowsWithTies(firstScores, n).map(({ row, score }) => ({ id: first.symbolIds[row]!, score }))
          : fromStore(wanted),
    };
  }
  const matrix = await reader.embeddingsAnyOrder();
  const scores = scoreBlocks(matrix, query);
  return {
    total: matrix.symbolIds.length,
    candidates: (wanted) =>
      rowsWithTies(scores, wanted).map(({ row, score }) => ({ id: matrix.symbolIds[row]!, score })),
  };
}

/**
 * The `limit` best rows under an optional path prefix: score descending, ties in symbol order. The candidates come
 * in any order: the rows that can rank are fetched with one `symbolsById` call, which returns them in symbol order,
 * and a stable sort by score puts ties in that order. With a prefix the window of ranks fetched widens (×4) only when
 * too few of its rows fall under the prefix.
 *
 * @param ranking - The query's embedding signal ({@link rankEmbeddings} with {@link firstWindow}).
 * @param limit - Maximum rows.
 * @param pathPrefix - Optional literal path prefix.
 * @param fetch - Rows by handle in symbol order (`symbolsById` of the session, or a batching fetch of the caller).
 * @returns Rows with scores, best first, ties in symbol order.
 */
export async function nearestSymbols<R extends SymbolOutline>(
  ranking: EmbeddingRanking,
  limit: number,
  pathPrefix: string | undefined,
  fetch: (ids: readonly number[]) => Promise<readonly R[]>,
): Promise<ScoredRow<R>[]> {
  if (limit <= 0) return [];
  let window = firstWindow(limit, pathPrefix);
  for (;;) {
    const answer = ranking.candidates(window);
    const ranked = Array.isArray(answer) ? answer : await answer;
    const scoreOf = new Map(ranked.map(({ id, score }) => [id, score]));
    const rows = await fetch([...scoreOf.keys()]);
    const out = rows
      .map((row) => ({ row, score: scoreOf.get(row.id)! }))
      .sort((a, b) => b.score - a.score)
      .filter(({ row }) => row.path.startsWith(pathPrefix ?? ''))
      .slice(0, limit);
    if (out.length >= limit || ranked.length < window) return out;
    window *= 4;
  }
}

/**
 * Embedding-only search.
 *
 * @param reader - Open read session.
 * @param query - Free-text query.
 * @param limit - Maximum matches.
 * @param pathPrefix - Optional literal path prefix.
 * @returns The best matches with scores.
 */
export async function searchEmbeddings(
  reader: ReadSession,
  query: string,
  limit: number,
  pathPrefix?: string,
): Promise<EmbResult> {
  const ranking = await rankEmbeddings(reader, embedQuery(query), firstWindow(limit, pathPrefix));
  const rows = await nearestSymbols(ranking, limit, pathPrefix, (ids) => reader.symbolsById(ids));
  return {
    query,
    prefix: pathPrefix ?? null,
    limit,
    embedder: { name: EMBEDDER.name, version: EMBEDDER.version, dimension: EMBEDDER.dimension },
    matches: rows.map(({ row, score }) => ({ ...symbolView(row), score })),
  };
}
