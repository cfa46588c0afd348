/**
 * `emb`: embedding-only matches. Also the embedding signal of `ctx`.
 *
 * Similarity is the dot product of L2-normalised vectors (cosine). The stored vectors are bit-identical on every
 * backend and the rows come in symbol order, so ranking by (rounded score desc, row index) is identical everywhere.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import { CodiraError } from '../core/errors.js';
import { EMBEDDER, embedQuery } from '../core/embeddings.js';
import type { EmbeddingMatrix, SymbolRow } from '../core/model.js';
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
export interface ScoredRow {
  readonly row: SymbolRow;
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
interface RankedRow {
  readonly id: number;
  readonly score: number;
}

/**
 * Score every row of the matrix against a query vector and order by score descending, then row (symbol) order.
 * Rows with a score of zero or less are dropped: they share nothing with the query.
 *
 * @param matrix - Stored embeddings.
 * @param query - L2-normalised query vector.
 * @returns Positive-scoring rows, best first.
 */
function rankMatrix(matrix: EmbeddingMatrix, query: Float32Array): RankedRow[] {
  const { dimension, vectors, symbolIds } = matrix;
  if (symbolIds.length > 0 && dimension !== query.length) {
    throw new CodiraError(
      'EMBEDDER_MISMATCH',
      `the index stores ${dimension}-dimensional embeddings but this codira embeds with ${query.length}; run \`codira index --full\``,
    );
  }
  const ranked: { id: number; score: number; row: number }[] = [];
  for (let row = 0; row < symbolIds.length; row++) {
    let dot = 0;
    const base = row * dimension;
    for (let i = 0; i < dimension; i++) dot += vectors[base + i]! * query[i]!;
    const score = roundScore(dot);
    if (score > 0) ranked.push({ id: symbolIds[row]!, score, row });
  }
  ranked.sort((a, b) => b.score - a.score || a.row - b.row);
  return ranked;
}

/**
 * The `limit` best rows under an optional path prefix. Without a prefix the winners are fetched with one
 * `symbolsById` call; with a prefix the same call is made over a window of the ranking that widens (×4) only when
 * too few of the fetched rows fall under the prefix.
 *
 * @param reader - Open read session.
 * @param matrix - Stored embeddings (one `embeddings()` call, shared with other signals by the caller).
 * @param query - L2-normalised query vector.
 * @param limit - Maximum rows.
 * @param pathPrefix - Optional literal path prefix.
 * @returns Rows with scores, best first, ties in symbol order.
 */
export async function nearestSymbols(
  reader: ReadSession,
  matrix: EmbeddingMatrix,
  query: Float32Array,
  limit: number,
  pathPrefix?: string,
): Promise<ScoredRow[]> {
  const ranked = rankMatrix(matrix, query);
  if (limit <= 0 || ranked.length === 0) return [];
  const out: ScoredRow[] = [];
  let start = 0;
  let window = pathPrefix ? Math.max(limit * 4, 64) : limit;
  while (out.length < limit && start < ranked.length) {
    const slice = ranked.slice(start, start + window);
    const rows = await reader.symbolsById(slice.map((r) => r.id));
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const { id, score } of slice) {
      const row = byId.get(id);
      if (row && row.path.startsWith(pathPrefix ?? '') && out.length < limit) out.push({ row, score });
    }
    start += window;
    window *= 4;
  }
  return out;
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
  const matrix = await reader.embeddings();
  const rows = await nearestSymbols(reader, matrix, embedQuery(query), limit, pathPrefix);
  return {
    query,
    prefix: pathPrefix ?? null,
    limit,
    embedder: { name: EMBEDDER.name, version: EMBEDDER.version, dimension: EMBEDDER.dimension },
    matches: rows.map(({ row, score }) => ({ ...symbolView(row), score })),
  };
}
