/**
 * The lexical signal of `ctx`: query terms, light stemming, and a field-weighted, rarity-weighted score per symbol.
 *
 * Candidate generation is done by the backend (`symbolsMatching`, substring match); scoring is done here, the same
 * way for every backend. Every token this module counts as a match contains its term's search string, so the
 * backend's candidate set is a superset of what can score and document frequencies are exact.
 *
 * @packageDocumentation
 */
import { tokenize } from '../core/embeddings.js';
import { fieldTextsOf } from '../core/field-words.js';
import type { SymbolRow } from '../core/model.js';

/**
 * Reduce a lower-case word to a crude stem so that inflections meet (`cookies`/`cookie`, `applied`/`apply`,
 * `encoding`/`encoded`, `migrations`/`migration`). The result minus its last character is always a prefix of the
 * word (only a final `y` may be rewritten to `i`), which is what keeps substring candidate generation exact.
 *
 * @param word - A lower-case token.
 * @returns Its stem.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length >= 5) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  let inflected = true;
  if (w.endsWith('ing') && w.length >= 6) w = w.slice(0, -3);
  else if (w.endsWith('ied') && w.length >= 5) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length >= 5) w = w.slice(0, -2);
  else if (w.endsWith('ion') && w.length >= 7) w = w.slice(0, -3);
  else inflected = false;
  // `stopped` → `stopp` → `stop` (but `added` → `add`, not `ad`).
  if (inflected && w.length >= 5 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length >= 4) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length >= 4) w = `${w.slice(0, -1)}i`;
  return w;
}

/** Minimum stem length for a prefix match (`migrat` matches `migration`; `get` must match exactly). */
const MIN_PREFIX_STEM = 4;
/** Credit for a prefix match relative to an exact stem match. */
const PREFIX_CREDIT = 0.75;

/** Where a term matched, strongest first. */
export type LexicalField = 'name' | 'qualified-name' | 'docstring';

/** Weight of a match in each field: a term in the short name says more than one in a long docstring. */
const FIELD_WEIGHT: Readonly<Record<LexicalField, number>> = Object.freeze({
  name: 3,
  'qualified-name': 1.5,
  docstring: 1,
});

/** Words that shape a question but name nothing in code (on top of the tokenizer's stopwords). */
const QUESTION_WORDS = new Set(
  'about all any can could do does done each every get gets how should some there these those way ways whether why would'.split(
    ' ',
  ),
);

/** One query term. */
export interface QueryTerm {
  /** Stem the symbol tokens are compared with. */
  readonly stem: string;
  /** Lower-case substring handed to `symbolsMatching`; every scoring token contains it. */
  readonly search: string;
}

/**
 * Distinct terms of a query, in order of first appearance.
 *
 * @param query - Free text.
 * @returns The terms (empty when the query has no tokens).
 */
export function queryTerms(query: string): QueryTerm[] {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const token of tokenize(query)) {
    if (QUESTION_WORDS.has(token)) continue;
    const s = stem(token);
    if (seen.has(s)) continue;
    seen.add(s);
    terms.push({ stem: s, search: s.endsWith('i') ? s.slice(0, -1) : s });
  }
  return terms;
}

/**
 * How well one token stem matches a term: 1 exact, {@link PREFIX_CREDIT} when the term is a prefix of it, else 0.
 *
 * @param term - Query term stem.
 * @param token - Token stem.
 * @returns The credit.
 */
function credit(term: string, token: string): number {
  if (token === term) return 1;
  return term.length >= MIN_PREFIX_STEM && token.startsWith(term) ? PREFIX_CREDIT : 0;
}

/**
 * ASCII letters and digits, and every non-ASCII unit: the runs `tokenize` decides boundaries within.
 *
 * @param code - A UTF-16 code unit.
 * @returns Whether it belongs to a word run.
 */
export function isWordUnit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code >= 128;
}

/**
 * Per-term credits of a text's best tokens. Only the words that contain a term's search string can score, so only
 * those are tokenized (found with native `indexOf` on the lower-cased text); tokenizing whole docstrings of
 * thousands of candidates was the cost of a query. Word credits are memoised across candidates.
 */
export class FieldMatcher {
  private readonly memo = new Map<string, Float64Array>();
  private readonly terms: readonly QueryTerm[];

  constructor(terms: readonly QueryTerm[]) {
    this.terms = terms;
  }

  /**
   * Best credit per term over the tokens of one word, memoised by word (words repeat across docstrings).
   *
   * @param word - A run of word units as it appears in the text (case kept: it splits camelCase).
   * @returns One credit per term.
   */
  wordCredits(word: string): Float64Array {
    let row = this.memo.get(word);
    if (row) return row;
    row = new Float64Array(this.terms.length);
    for (const token of tokenize(word)) {
      const s = stem(token);
      for (let i = 0; i < row.length; i++) row[i] = Math.max(row[i]!, credit(this.terms[i]!.stem, s));
    }
    this.memo.set(word, row);
    return row;
  }

  /**
   * Write the best credit per term over the words of a text that contain a term's search string (words are runs
   * bounded by ASCII punctuation or space) into `out[offset …]`.
   *
   * @param text - Field text.
   * @param out - Destination.
   * @param offset - First index written (one value per term).
   */
  credits(text: string, out: Float64Array, offset: number): void {
    const lower = text.toLowerCase();
    // Lower-casing changed the length (e.g. U+0130): offsets no longer line up, so take the whole text as one word.
    if (lower.length !== text.length) {
      this.merge(this.wordCredits(text), out, offset);
      return;
    }
    for (const { search } of this.terms) {
      for (let i = lower.indexOf(search); i >= 0;) {
        let start = i;
        while (start > 0 && isWordUnit(lower.charCodeAt(start - 1))) start--;
        let end = i + search.length;
        while (end < lower.length && isWordUnit(lower.charCodeAt(end))) end++;
        this.merge(this.wordCredits(text.slice(start, end)), out, offset);
        i = lower.indexOf(search, end);
      }
    }
  }

  private merge(row: Float64Array, out: Float64Array, offset: number): void {
    for (let i = 0; i < row.length; i++) if (row[i]! > out[offset + i]!) out[offset + i] = row[i]!;
  }
}

/** The scored fields, in the order of {@link fieldTexts} and of the credit layout. */
export const FIELDS: readonly LexicalField[] = ['name', 'qualified-name', 'docstring'];

/** {@link FIELD_WEIGHT} in {@link FIELDS} order, for the scoring loop (an indexed read instead of a keyed lookup). */
const FIELD_WEIGHTS = Float64Array.from(FIELDS, (field) => FIELD_WEIGHT[field]);

/**
 * The texts a symbol is scored on, in {@link FIELDS} order: the name, the container part of the qualified name
 * (`pkg.mod.Class` of `pkg.mod.Class.method`: the name is scored on its own) and the docstring.
 *
 * @param row - A symbol.
 * @returns Its three field texts.
 */
export function fieldTexts(row: SymbolRow): [string, string, string] {
  return fieldTextsOf(row);
}

/** Lexical evidence for one symbol. */
export interface LexicalHit<R extends { readonly id: number } = SymbolRow> {
  readonly row: R;
  readonly score: number;
  /** Fields where at least one term matched, strongest first. */
  readonly fields: readonly LexicalField[];
}

/**
 * Score candidates: for each term, the best field credit × field weight × term rarity, summed, then scaled by the
 * share of the query's rarity mass the symbol covers (symbols matching all terms beat symbols matching one term
 * many times). Rarity is `ln(1 + total / df)`, where df counts candidates matching the term; the candidate set holds
 * every symbol that can match, so df is exact.
 *
 * @param terms - Query terms.
 * @param candidates - Rows from `symbolsMatching`, in symbol order.
 * @param total - Number of symbols in the index (the rarity denominator).
 * @returns Symbols with a positive score, best first, ties in candidate (symbol) order.
 */
export function scoreLexical(
  terms: readonly QueryTerm[],
  candidates: readonly SymbolRow[],
  total: number,
): LexicalHit[] {
  const matcher = new FieldMatcher(terms);
  const stride = FIELDS.length * terms.length;
  // credits[(candidate × field + field) × term]: one flat array, no per-candidate allocation.
  const credits = new Float64Array(candidates.length * stride);
  const nTerms = terms.length;
  candidates.forEach((row, c) => {
    const [name, container, docstring] = fieldTexts(row);
    matcher.credits(name, credits, c * stride);
    matcher.credits(container, credits, c * stride + nTerms);
    matcher.credits(docstring, credits, c * stride + 2 * nTerms);
  });
  return rankLexical(terms, candidates, credits, total);
}

/** Scores, matched fields and the positive candidates of {@link lexicalScores}. */
interface CandidateScores {
  readonly scores: Float64Array;
  /** Bit `f` set when field `f` matched at least one term. */
  readonly matched: Uint8Array;
  /** Candidates with a positive score, in candidate order. */
  readonly positive: number[];
}

/**
 * Number of 32-bit words a candidate's term mask takes ({@link lexicalScores}).
 *
 * @param nTerms - Number of query terms.
 * @returns Words per candidate (at least 1).
 */
export function termMaskWords(nTerms: number): number {
  return Math.max(1, Math.ceil(nTerms / 32));
}

/**
 * The term masks of candidates whose credits are known: bit `t % 32` of word `t >> 5` set when some field's credit for
 * term `t` is positive.
 *
 * @param nTerms - Number of query terms.
 * @param count - Number of candidates.
 * @param credits - As {@link lexicalScores}.
 * @returns {@link termMaskWords} words per candidate.
 */
function termMasksOf(nTerms: number, count: number, credits: Float64Array): Int32Array {
  const stride = FIELDS.length * nTerms;
  const words = termMaskWords(nTerms);
  const masks = new Int32Array(count * words);
  for (let c = 0; c < count; c++) {
    for (let t = 0; t < nTerms; t++) {
      for (let f = 0; f < FIELDS.length; f++) {
        if (credits[c * stride + f * nTerms + t]! > 0) {
          masks[c * words + (t >>> 5)]! |= 1 << (t & 31);
          break;
        }
      }
    }
  }
  return masks;
}

/**
 * The scoring rule of {@link scoreLexical} over credits already found, one score per candidate: shared by every way
 * of finding the credits, so they give the same bits.
 *
 * Only each candidate's positive terms (its term mask) are visited, in ascending order — a term left out would add
 * `0 × rarity` (`+0`) to a sum that starts at `+0`, which leaves its bits unchanged, and add nothing to the covered
 * rarity — and the document frequencies are counted from the masks.
 *
 * @param nTerms - Number of query terms.
 * @param count - Number of candidates.
 * @param credits - Best credit per candidate, field and term, laid out `(candidate × field + field) × term`.
 * @param total - Number of symbols in the index (the rarity denominator).
 * @param termMasks - Positive terms per candidate, {@link termMaskWords} words each: bit `t % 32` of word `t >> 5` set
 *   when some field of the candidate has a positive credit for term `t`, and no other bit; derived from the credits
 *   when not given.
 * @returns Scores and matched fields per candidate, and the positive ones.
 */
function lexicalScores(
  nTerms: number,
  count: number,
  credits: Float64Array,
  total: number,
  termMasks: Int32Array = termMasksOf(nTerms, count, credits),
): CandidateScores {
  const stride = FIELDS.length * nTerms;
  const words = termMaskWords(nTerms);
  const df = new Array<number>(nTerms).fill(0);
  for (let i = 0; i < count * words; i++) {
    const first = (i % words) * 32;
    for (let m = termMasks[i]!; m !== 0; m &= m - 1) df[first + 31 - Math.clz32(m & -m)]!++;
  }
  const rarity = df.map((n) => (n > 0 ? Math.log(1 + Math.max(total, n) / n) : 0));
  const mass = rarity.reduce((a, b) => a + b, 0);
  // Scores and matched fields in flat arrays, hit objects for the wanted ones only: a long-lived server ranks
  // thousands of candidates per request, and an object per candidate was most of what a `ctx` request allocated.
  const scores = new Float64Array(count);
  const matched = new Uint8Array(count);
  const positive: number[] = [];
  for (let c = 0; c < count; c++) {
    let sum = 0;
    let covered = 0;
    let fields = 0;
    for (let k = 0; k < words; k++) {
      for (let m = termMasks[c * words + k]!; m !== 0; m &= m - 1) {
        const t = k * 32 + 31 - Math.clz32(m & -m);
        let best = 0;
        for (let f = 0; f < FIELD_WEIGHTS.length; f++) {
          const credit = credits[c * stride + f * nTerms + t]!;
          if (credit > 0) fields |= 1 << f;
          best = Math.max(best, credit * FIELD_WEIGHTS[f]!);
        }
        if (best > 0) covered += rarity[t]!;
        sum += best * rarity[t]!;
      }
    }
    if (sum <= 0 || mass <= 0) continue;
    scores[c] = sum * (covered / mass);
    matched[c] = fields;
    positive.push(c);
  }
  return { scores, matched, positive };
}

/**
 * The fields of a matched-fields mask, strongest first.
 *
 * @param mask - Bit `f` set for field `f`.
 * @returns The fields.
 */
function fieldsOf(mask: number): LexicalField[] {
  return FIELDS.filter((_, f) => (mask & (1 << f)) !== 0);
}

/**
 * The scoring rule of {@link scoreLexical} over credits already found: shared by the scan of candidate texts and the
 * resident word index of a long-lived session (`lexicon.ts`), which find the same credits two ways.
 *
 * @param terms - Query terms.
 * @param candidates - Candidate rows in symbol order (rows whose credits are all zero may be left out: they neither
 *   score nor count in a document frequency).
 * @param credits - Best credit per candidate, field and term, laid out `(candidate × field + field) × term`.
 * @param total - Number of symbols in the index (the rarity denominator).
 * @param limit - Most hits wanted (the best ones); all by default.
 * @returns Symbols with a positive score, best first, ties in candidate (symbol) order.
 */
export function rankLexical(
  terms: readonly QueryTerm[],
  candidates: readonly SymbolRow[],
  credits: Float64Array,
  total: number,
  limit = Number.POSITIVE_INFINITY,
): LexicalHit[] {
  const { scores, matched, positive } = lexicalScores(terms.length, candidates.length, credits, total);
  positive.sort((a, b) => scores[b]! - scores[a]! || a - b);
  if (positive.length > limit) positive.length = limit;
  return positive.map((c) => ({ row: candidates[c]!, score: scores[c]!, fields: fieldsOf(matched[c]!) }));
}

/**
 * {@link rankLexical} over candidates known by handle only, in any order: the same scores, and the rows of only those
 * candidates that can take one of the first `limit` ranks (the best `limit` and every candidate tied with the last of
 * them) are fetched — in symbol order, so a stable sort by score leaves ties in symbol order.
 *
 * @param terms - Query terms.
 * @param ids - Candidate handles (rows whose credits are all zero may be left out).
 * @param credits - Best credit per candidate, field and term, laid out `(candidate × field + field) × term`.
 * @param total - Number of symbols in the index (the rarity denominator).
 * @param limit - Most hits wanted.
 * @param fetch - Rows by handle, in symbol order (`ReadSession.symbolsById`).
 * @param termMasks - Optional: per candidate, its positive terms as {@link lexicalScores} takes them; derived from
 *   the credits when not given.
 * @returns The first `limit` hits, best first, ties in symbol order.
 */
export async function rankLexicalByHandle<R extends { readonly id: number }>(
  terms: readonly QueryTerm[],
  ids: readonly number[],
  credits: Float64Array,
  total: number,
  limit: number,
  fetch: (ids: readonly number[]) => Promise<readonly R[]>,
  termMasks?: Int32Array,
): Promise<LexicalHit<R>[]> {
  if (limit <= 0) return [];
  const { scores, matched, positive } = lexicalScores(terms.length, ids.length, credits, total, termMasks);
  let chosen = positive;
  if (positive.length > limit) {
    // The limit-th best score, by a native numeric sort of the scores alone (no comparator calls).
    const sorted = Float64Array.from(positive, (c) => scores[c]!).sort();
    const bar = sorted[sorted.length - limit]!;
    chosen = positive.filter((c) => scores[c]! >= bar);
  }
  if (chosen.length === 0) return [];
  const candidateOf = new Map(chosen.map((c) => [ids[c]!, c]));
  const rows = await fetch([...candidateOf.keys()]);
  return rows
    .map((row) => ({ row, c: candidateOf.get(row.id)! }))
    .sort((a, b) => scores[b.c]! - scores[a.c]!)
    .slice(0, limit)
    .map(({ row, c }) => ({ row, score: scores[c]!, fields: fieldsOf(matched[c]!) }));
}
