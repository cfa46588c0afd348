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
  return isAscii(text) ? tokenizeAscii(text) : tokenizeUnicode(text);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const OTHER = 0;
const LOWER = 1;
const DIGIT = 2;
const UPPER = 3;

function classOf(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return LOWER;
  if (code >= 0x41 && code <= 0x5a) return UPPER;
  if (code >= 0x30 && code <= 0x39) return DIGIT;
  return OTHER;
}

/**
 * {@link tokenize} of ASCII text in one scan, without the regular expressions: a token is a run of letters and
 * digits, broken before an upper-case letter that follows a lower-case letter or a digit (`camelCase`), and before
 * the last letter of an upper-case run that a lower-case letter follows (`HTTPServer` → `http server`) — the two
 * replacements of {@link tokenizeUnicode}, whose matches never overlap in a way that changes that reading.
 *
 * @param text - ASCII text.
 * @returns Tokens as `tokenizeUnicode` returns them.
 */
function tokenizeAscii(text: string): string[] {
  const tokens: string[] = [];
  const push = (from: number, to: number): void => {
    if (to - from < 2) return;
    const token = text.slice(from, to).toLowerCase();
    if (!STOPWORDS.has(token)) tokens.push(token);
  };
  let start = -1;
  let before = OTHER; // class of the character before `i`
  for (let i = 0; i < text.length; i++) {
    const kind = classOf(text.charCodeAt(i));
    if (kind === OTHER) {
      if (start >= 0) push(start, i);
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if (kind === UPPER && (before === LOWER || before === DIGIT)) {
      push(start, i);
      start = i;
    } else if (kind === LOWER && before === UPPER && i - 1 > start) {
      // The upper-case letter before `i` ends a run of two or more (a single one would have started the token).
      push(start, i - 1);
      start = i - 1;
    }
    before = kind;
  }
  if (start >= 0) push(start, text.length);
  return tokens;
}

/**
 * {@link tokenize} of any text, with the regular expressions that define it.
 *
 * @param text - Any text.
 * @returns Tokens.
 */
function tokenizeUnicode(text: string): string[] {
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

/** FNV-1a state after the `#` that starts every trigram feature. */
const TRIGRAM_SEED = Math.imul(0x811c9dc5 ^ 0x23, 0x01000193);

/**
 * Add each token and the character trigrams of `^token$` (as features `#^to`, `#tok`, …, `#en$`). The trigrams are
 * hashed from the token's characters in place, without building the feature strings: the same bits as
 * `addFeature(acc, '#' + trigram, weight * 0.25)`, a third of a networkx file's embedding time saved.
 *
 * @param acc - Accumulator.
 * @param tokens - Tokens.
 * @param weight - Weight of a token; its trigrams weigh a quarter of it.
 */
function addTokens(acc: Float64Array, tokens: readonly string[], weight: number): void {
  const quarter = weight * 0.25;
  const dim = acc.length;
  for (const token of tokens) {
    addFeature(acc, token, weight);
    const last = token.length + 1; // index of `$` in `^token$`
    for (let i = 0; i + 2 <= last; i++) {
      let h = TRIGRAM_SEED;
      for (let j = i; j < i + 3; j++) {
        h ^= j === 0 ? 0x5e : j === last ? 0x24 : token.charCodeAt(j - 1);
        h = Math.imul(h, 0x01000193);
      }
      const hash = h >>> 0;
      acc[hash % dim]! += hash & 0x80000000 ? -quarter : quarter;
    }
  }
}

/** Characters of a docstring read for its first words before the rest is looked at. */
const DOC_WINDOW = 640;

/**
 * The first tokens of a text, as `tokenize(text).slice(0, limit)`, without tokenizing all of a long docstring. A
 * prefix cut just before a space, tab or line break tokenizes to a prefix of the whole text's tokens: the camel-case
 * rules match only runs of letters and digits, lower-casing is context-free across whitespace (the final-sigma rule
 * stops at it), and the whitespace ends the last token. So the prefix's tokens, when there are enough of them, are
 * the answer; otherwise a longer prefix is tried.
 *
 * @param text - Any text.
 * @param limit - How many tokens are wanted.
 * @returns At most `limit` tokens.
 */
export function leadingTokens(text: string, limit: number): string[] {
  for (let window = DOC_WINDOW; text.length > window; window *= 4) {
    let cut = window;
    while (cut > 0 && !isBreak(text.charCodeAt(cut))) cut--;
    if (cut === 0) continue;
    const tokens = tokenize(text.slice(0, cut));
    if (tokens.length >= limit) return tokens.slice(0, limit);
  }
  return tokenize(text).slice(0, limit);
}

function isBreak(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
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
    if (symbol.docstring) addTokens(acc, leadingTokens(symbol.docstring, DOC_WORDS), 1);
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

/**
 * The `n`-th largest positive value, through a bounded min-heap of the best `n` so far.
 *
 * @param values - The values.
 * @param n - Rank (≥ 1).
 * @returns The value, or `undefined` when fewer than `n` are positive.
 */
export function nthLargestPositive(values: ArrayLike<number>, n: number): number | undefined {
  const heap = new Float64Array(n);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v > 0)) continue;
    if (size < n) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (heap[parent]! <= v) break;
        heap[at] = heap[parent]!;
        at = parent;
      }
      heap[at] = v;
    } else if (v > heap[0]!) {
      let at = 0;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && heap[r]! < heap[l]! ? r : l;
        if (heap[child]! >= v) break;
        heap[at] = heap[child]!;
        at = child;
      }
      heap[at] = v;
    }
  }
  return size < n ? undefined : heap[0];
}
