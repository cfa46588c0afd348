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

function bestCredit(term: string, stems: ReadonlySet<string>): number {
  let best = 0;
  for (const s of stems) best = Math.max(best, credit(term, s));
  return best;
}

const stemsOf = (text: string): Set<string> => new Set(tokenize(text).map(stem));

/** Lexical evidence for one symbol. */
export interface LexicalHit {
  readonly row: SymbolRow;
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
  const credits = candidates.map((row) => {
    const name = stemsOf(row.name);
    // The container part only (`pkg.mod.Class` of `pkg.mod.Class.method`): the name is scored on its own.
    const qualified = stemsOf(row.qualifiedName.slice(0, Math.max(0, row.qualifiedName.length - row.name.length)));
    const doc = stemsOf(row.docstring ?? '');
    return terms.map((t) => ({
      name: bestCredit(t.stem, name),
      'qualified-name': bestCredit(t.stem, qualified),
      docstring: bestCredit(t.stem, doc),
    }));
  });
  const df = terms.map(
    (_, i) => credits.filter((c) => Math.max(c[i]!.name, c[i]!['qualified-name'], c[i]!.docstring) > 0).length,
  );
  const rarity = df.map((n) => (n > 0 ? Math.log(1 + Math.max(total, n) / n) : 0));
  const mass = rarity.reduce((a, b) => a + b, 0);
  const hits: { hit: LexicalHit; order: number }[] = [];
  candidates.forEach((row, order) => {
    let sum = 0;
    let covered = 0;
    const fields = new Set<LexicalField>();
    credits[order]!.forEach((c, i) => {
      let best = 0;
      for (const field of ['name', 'qualified-name', 'docstring'] as const) {
        if (c[field] > 0) fields.add(field);
        best = Math.max(best, c[field] * FIELD_WEIGHT[field]);
      }
      if (best > 0) covered += rarity[i]!;
      sum += best * rarity[i]!;
    });
    if (sum <= 0 || mass <= 0) return;
    const ordered = (['name', 'qualified-name', 'docstring'] as const).filter((f) => fields.has(f));
    hits.push({ hit: { row, score: sum * (covered / mass), fields: ordered }, order });
  });
  hits.sort((a, b) => b.hit.score - a.hit.score || a.order - b.order);
  return hits.map((h) => h.hit);
}
