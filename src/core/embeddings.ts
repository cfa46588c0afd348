/**
 * Deterministic local embeddings: feature hashing of identifier tokens, words and character trigrams into a fixed
 * number of float32 dimensions, L2-normalised. No model, no download, identical bits on every machine, cheap enough
 * to compute in the analysis workers for every symbol.
 *
 * @packageDocumentation
 */
import { CodiraError } from './errors.js';
import type { SymbolRecord } from './model.js';

/** Embedder identity, stored in the index inventory: a change re-embeds through a full rebuild. */
export const EMBEDDER = Object.freeze({ name: 'hash-ngram', version: '1', dimension: 128 });

const STOPWORDS = new Set(
  'a an and are as at be by for from has have how if in into is it its of on or that the this to was were what when where which while with'.split(
    ' ',
  ),
);

/**
 * Split text into lower-case word tokens, breaking identifiers on camelCase, snake_case, digits and punctuation.
 *
 * @param text - Any text: identifiers, signatures, prose.
 * @returns Tokens of two or more characters, stopwords removed, in order of appearance.
 */
export function tokenize(text: string): string[] {
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const tokens: string[] = [];
  for (const token of spaced.split(/[^a-z0-9]+/)) {
    if (token.length >= 2 && !STOPWORDS.has(token)) tokens.push(token);
  }
  return tokens;
}

/**
 * 32-bit FNV-1a hash of a string's UTF-16 units.
 *
 * @param text - Feature text.
 * @returns Unsigned 32-bit hash.
 */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function addFeature(acc: Float64Array, feature: string, weight: number): void {
  const h = hash32(feature);
  // The top bit picks the sign so unrelated features cancel out on average instead of piling up.
  acc[h % acc.length]! += h & 0x80000000 ? -weight : weight;
}

function addTokens(acc: Float64Array, tokens: readonly string[], weight: number): void {
  for (const token of tokens) {
    addFeature(acc, token, weight);
    const padded = `^${token}$`;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(acc, `#${padded.slice(i, i + 3)}`, weight * 0.25);
  }
}

function normaliseInto(acc: Float64Array, out: Float32Array, offset: number): void {
  let norm = 0;
  for (let i = 0; i < acc.length; i++) norm += acc[i]! * acc[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < acc.length; i++) out[offset + i] = acc[i]! * scale;
}

/** Words of a docstring taken into its symbol's vector; the summary carries most of the meaning. */
const DOC_WORDS = 64;

/**
 * Embed every symbol of a file.
 *
 * @param symbols - Symbols in file order.
 * @returns `symbols.length × EMBEDDER.dimension` float32 values, one L2-normalised row per symbol.
 */
export function embedSymbols(symbols: readonly SymbolRecord[]): Float32Array {
  const dim = EMBEDDER.dimension;
  const out = new Float32Array(symbols.length * dim);
  const acc = new Float64Array(dim);
  symbols.forEach((symbol, index) => {
    acc.fill(0);
    addTokens(acc, tokenize(symbol.name), 3);
    addTokens(acc, tokenize(symbol.qualifiedName), 1);
    addTokens(acc, tokenize(symbol.signature), 0.5);
    if (symbol.docstring) addTokens(acc, tokenize(symbol.docstring).slice(0, DOC_WORDS), 1);
    normaliseInto(acc, out, index * dim);
  });
  return out;
}

/**
 * Embed a natural-language query in the same space as symbols.
 *
 * @param query - Free text.
 * @returns One L2-normalised vector of `EMBEDDER.dimension` values (all zero when the query has no tokens).
 */
export function embedQuery(query: string): Float32Array {
  const acc = new Float64Array(EMBEDDER.dimension);
  addTokens(acc, tokenize(query), 1);
  const out = new Float32Array(EMBEDDER.dimension);
  normaliseInto(acc, out, 0);
  return out;
}

/**
 * Refuse to score a query against vectors of another length (an index built by another embedder).
 *
 * @param stored - The stored vectors' length (0 when nothing is stored: nothing to compare).
 * @param query - The query vector.
 */
export function checkEmbeddingDimension(stored: number, query: Float32Array): void {
  if (stored !== 0 && stored !== query.length) {
    throw new CodiraError(
      'EMBEDDER_MISMATCH',
      `the index stores ${stored}-dimensional embeddings but this codira embeds with ${query.length}; run \`codira index --full\``,
    );
  }
}
