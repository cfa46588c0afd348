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
import type { SymbolRow } from '../core/model.js';
import { FIELD_COUNT, PostingsView, irregularFields, type StoredFieldWords } from '../core/field-words.js';
import { FieldMatcher, rankLexicalByHandle, type LexicalHit, type QueryTerm } from './lexical.js';

/** Candidate credits, grown as candidates are first touched. */
class CreditTable {
  readonly ids: number[] = [];
  credits: Float64Array;
  private readonly slotOf = new Map<number, number>();
  private readonly stride: number;

  constructor(stride: number) {
    this.stride = stride;
    this.credits = new Float64Array(64 * stride);
  }

  /**
   * Merge one field's credits (one per term) into a candidate, taking the best per term.
   *
   * @param id - Symbol handle.
   * @param field - Field number.
   * @param from - Credits per term.
   */
  merge(id: number, field: number, from: Float64Array): void {
    let c = this.slotOf.get(id);
    if (c === undefined) {
      c = this.ids.length;
      this.slotOf.set(id, c);
      this.ids.push(id);
      if ((c + 1) * this.stride > this.credits.length) {
        const grown = new Float64Array(this.credits.length * 2);
        grown.set(this.credits);
        this.credits = grown;
      }
    }
    const at = c * this.stride + field * from.length;
    for (let t = 0; t < from.length; t++) if (from[t]! > this.credits[at + t]!) this.credits[at + t] = from[t]!;
  }
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
export async function lexicalHitsFromWords(
  terms: readonly QueryTerm[],
  files: readonly StoredFieldWords[],
  total: number,
  limit: number,
  fetch: (ids: readonly number[]) => Promise<readonly SymbolRow[]>,
): Promise<LexicalHit[]> {
  const matcher = new FieldMatcher(terms);
  const searches = [...new Set(terms.map((t) => t.search))];
  const table = new CreditTable(FIELD_COUNT * terms.length);
  const scratch = new Float64Array(terms.length);
  for (const file of files) {
    const postings = new PostingsView(file.postings);
    for (const w of matchingWords(file.words, postings, searches)) {
      const credits = matcher.wordCredits(file.words.slice(postings.start(w), postings.start(w + 1) - 1));
      postings.forEachSlot(w, (slot) =>
        table.merge(file.firstSymbolId + Math.floor(slot / FIELD_COUNT), slot % FIELD_COUNT, credits),
      );
    }
    for (const [slot, text] of irregularFields(file.irregular)) {
      scratch.fill(0);
      matcher.credits(text, scratch, 0);
      if (scratch.some((credit) => credit > 0)) {
        table.merge(file.firstSymbolId + Math.floor(slot / FIELD_COUNT), slot % FIELD_COUNT, scratch);
      }
    }
  }
  return rankLexicalByHandle(terms, table.ids, table.credits, total, limit, fetch);
}
