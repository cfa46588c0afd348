/**
 * The lexical signal of `ctx` from the stored word lists (`core/field-words.ts`) instead of a scan of every symbol's
 * text: the search strings are looked up in each file's list of distinct words, the credits of the matching words
 * merged into the fields their postings name, and only the rows that can rank are fetched.
 *
 * The answer is {@link scoreLexical}'s over the `symbolsMatching` candidates, by construction: a field's credits are
 * the best credits of its words that contain a term's search string (`FieldMatcher.credits`); the lists hold each
 * field's distinct words, so the same words are credited, and rows without a credit — the only rows left out — neither
 * score nor count in a document frequency. Fields the matcher scores whole (their lower-casing changes their length)
 * are stored whole and scored the same way.
 *
 * @packageDocumentation
 */
import { FIELD_COUNT, PostingsView, irregularFields, type StoredFieldWords } from '../core/field-words.js';
import { FieldMatcher, rankLexicalByHandle, termMaskWords, type LexicalHit, type QueryTerm } from './lexical.js';

/**
 * Candidate credits, grown as candidates are first touched. Candidates are looked up file by file through a
 * per-file array indexed by the symbol's index in the file (a file's symbols have consecutive handles from its first
 * one, so no two files share a handle): one array read per posting instead of a hash lookup by handle.
 */
class CreditTable {
  readonly ids: number[] = [];
  credits: Float64Array;
  /** Per candidate, {@link termMaskWords} words: bit `t % 32` of word `t >> 5` set once a field's credit for term `t` is positive. */
  masks: Int32Array;
  private readonly stride: number;
  private readonly maskWords: number;
  /** Candidate number + 1 by symbol index in the current file; 0 where untouched. */
  private local = new Int32Array(256);
  /** Highest symbol index touched in the current file + 1 (the part of `local` to clear). */
  private touched = 0;
  private firstSymbolId = 0;

  /** @param nTerms - Number of query terms. */
  constructor(nTerms: number) {
    this.stride = FIELD_COUNT * nTerms;
    this.maskWords = termMaskWords(nTerms);
    this.credits = new Float64Array(64 * this.stride);
    this.masks = new Int32Array(64 * this.maskWords);
  }

  /**
   * Start merging the fields of another file.
   *
   * @param firstSymbolId - Handle of the file's symbol index 0.
   */
  beginFile(firstSymbolId: number): void {
    this.local.fill(0, 0, this.touched);
    this.touched = 0;
    this.firstSymbolId = firstSymbolId;
  }

  /**
   * Merge one field's credits (one per term) into a candidate of the current file, taking the best per term.
   *
   * @param slot - The field's slot (symbol index in the file × {@link FIELD_COUNT} + field).
   * @param from - Credits per term.
   * @param terms - The terms whose credit in `from` is positive (the others cannot raise a best credit).
   */
  merge(slot: number, from: Float64Array, terms: readonly number[]): void {
    const index = (slot / FIELD_COUNT) | 0;
    const field = slot - index * FIELD_COUNT;
    if (index >= this.local.length) {
      const grown = new Int32Array(Math.max(index + 1, this.local.length * 2));
      grown.set(this.local);
      this.local = grown;
    }
    let c = this.local[index]! - 1;
    if (c < 0) {
      c = this.ids.length;
      this.local[index] = c + 1;
      if (index >= this.touched) this.touched = index + 1;
      this.ids.push(this.firstSymbolId + index);
      if ((c + 1) * this.stride > this.credits.length) {
        const grown = new Float64Array(this.credits.length * 2);
        grown.set(this.credits);
        this.credits = grown;
      }
      if ((c + 1) * this.maskWords > this.masks.length) {
        const grown = new Int32Array(this.masks.length * 2);
        grown.set(this.masks);
        this.masks = grown;
      }
    }
    const at = c * this.stride + field * from.length;
    const maskAt = c * this.maskWords;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]!;
      if (from[t]! > this.credits[at + t]!) this.credits[at + t] = from[t]!;
      this.masks[maskAt + (t >>> 5)]! |= 1 << (t & 31);
    }
  }
}

/**
 * The terms a word's credits are positive for.
 *
 * @param credits - Credits per term.
 * @returns Term numbers, ascending.
 */
function positiveTerms(credits: Float64Array): number[] {
  const out: number[] = [];
  for (let t = 0; t < credits.length; t++) if (credits[t]! > 0) out.push(t);
  return out;
}

/**
 * Word numbers of a file whose lower-cased form contains a search string.
 *
 * @param words - The file's stored `words` list.
 * @param postings - Its postings (which place an offset in a word).
 * @param searches - Search strings (ASCII letters and digits).
 * @returns Word numbers, each once, ascending.
 */
function matchingWords(words: string, postings: PostingsView, searches: readonly string[]): number[] {
  const found = new Set<number>();
  const lower = words.toLowerCase();
  for (const search of searches) {
    for (let i = lower.indexOf(search); i >= 0;) {
      const w = postings.wordAt(i);
      found.add(w);
      i = lower.indexOf(search, postings.start(w + 1));
    }
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The lexical hits of a query over stored word lists.
 *
 * @param terms - Query terms (non-empty).
 * @param files - The word lists of the files under the query's prefix (`ReadSession.fieldWords`).
 * @param total - Number of symbols in the index (the rarity denominator).
 * @param limit - Most hits wanted.
 * @param fetch - Rows by handle in symbol order (`ReadSession.symbolsById`); called once, after the scoring.
 * @returns The first `limit` hits of {@link scoreLexical}'s ranking.
 */
export async function lexicalHitsFromWords<R extends { readonly id: number }>(
  terms: readonly QueryTerm[],
  files: readonly StoredFieldWords[],
  total: number,
  limit: number,
  fetch: (ids: readonly number[]) => Promise<readonly R[]>,
): Promise<LexicalHit<R>[]> {
  const matcher = new FieldMatcher(terms);
  const searches = [...new Set(terms.map((t) => t.search))];
  const table = new CreditTable(terms.length);
  const scratch = new Float64Array(terms.length);
  // Per credits row of the matcher (one per distinct word, memoised there): its positive terms.
  const positiveOf = new Map<Float64Array, number[]>();
  for (const file of files) {
    const postings = new PostingsView(file.postings);
    table.beginFile(file.firstSymbolId);
    for (const w of matchingWords(file.words, postings, searches)) {
      const credits = matcher.wordCredits(file.words.slice(postings.start(w), postings.start(w + 1) - 1));
      let positive = positiveOf.get(credits);
      if (positive === undefined) positiveOf.set(credits, (positive = positiveTerms(credits)));
      // A word without a credit (`xpath` for the search `path`) adds nothing: a symbol it alone touches scores 0 and
      // counts in no document frequency, as if it were never a candidate.
      if (positive.length === 0) continue;
      for (let i = postings.slotsFrom(w), end = postings.slotsFrom(w + 1); i < end; i++) {
        table.merge(postings.slot(i), credits, positive);
      }
    }
    for (const [slot, text] of irregularFields(file.irregular)) {
      scratch.fill(0);
      matcher.credits(text, scratch, 0);
      const positive = positiveTerms(scratch);
      if (positive.length > 0) table.merge(slot, scratch, positive);
    }
  }
  // The positive terms of each candidate: scoring visits only those.
  return rankLexicalByHandle(terms, table.ids, table.credits, total, limit, fetch, table.masks);
}
