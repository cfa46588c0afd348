import { describe, expect, it } from 'vitest';
import type { SymbolRow } from '../../src/core/model.js';
import { queryTerms, rankLexical, scoreLexical, stem } from '../../src/query/lexical.js';

describe('stem', () => {
  it.each([
    ['cookies', 'cookie'],
    ['applied', 'apply'],
    ['applies', 'applying'],
    ['encoding', 'encoded'],
    ['encodes', 'encode'],
    ['retries', 'retry'],
    ['persisted', 'persists'],
    ['stopped', 'stop'],
    ['added', 'add'],
    ['sessions', 'session'],
  ])('%s and %s share a stem', (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  it('leaves short words and words in -ss/-us alone', () => {
    expect(stem('get')).toBe('get');
    expect(stem('class')).toBe('class');
    expect(stem('status')).toBe('status');
  });

  it('keeps the stem minus its last letter a prefix of the word (so substring candidates are exact)', () => {
    for (const word of [
      'cookies',
      'applied',
      'retries',
      'migrations',
      'encoding',
      'stopped',
      'connection',
      'queries',
      'https',
    ]) {
      expect(word.startsWith(stem(word).slice(0, -1))).toBe(true);
    }
  });
});

describe('queryTerms', () => {
  it('tokenizes, drops stopwords, stems and dedupes, with the substring each term searches for', () => {
    expect(queryTerms('How are cookies persisted across requests? Cookie jar!')).toEqual([
      { stem: 'cooki', search: 'cook' },
      { stem: 'persist', search: 'persist' },
      { stem: 'across', search: 'across' },
      { stem: 'request', search: 'request' },
      { stem: 'jar', search: 'jar' },
    ]);
    expect(queryTerms('the of and')).toEqual([]);
  });
});

describe('scoreLexical', () => {
  const row = (id: number, qualifiedName: string, docstring: string | null): SymbolRow => ({
    id,
    qualifiedName,
    name: qualifiedName.split('.').pop()!,
    kind: 'function',
    startLine: id,
    endLine: id,
    signature: '',
    docstring,
    exported: true,
    path: 'm.py',
    module: 'm',
    language: 'python',
  });

  it('weighs name over container over docstring, and reports the fields that matched', () => {
    const rows = [row(1, 'm.other', 'Parse a cookie.'), row(2, 'cookie.helper', null), row(3, 'm.parseCookie', null)];
    const hits = scoreLexical(queryTerms('cookie'), rows, 100);
    expect(hits.map((h) => [h.row.qualifiedName, h.fields])).toEqual([
      ['m.parseCookie', ['name']],
      ['cookie.helper', ['qualified-name']],
      ['m.other', ['docstring']],
    ]);
  });

  it('prefers covering every term, and rare terms over common ones', () => {
    const rows = [
      row(1, 'm.sendRequest', null),
      row(2, 'm.request', null),
      row(3, 'm.requestHeaders', null),
      row(4, 'm.retry', null),
      row(5, 'm.retryRequest', null),
    ];
    const hits = scoreLexical(queryTerms('retry request'), rows, 100);
    expect(hits[0]!.row.qualifiedName).toBe('m.retryRequest');
    // `retry` matches 2 symbols, `request` 4: the rarer term outweighs the common one.
    expect(hits[1]!.row.qualifiedName).toBe('m.retry');
  });

  it('gives prefix matches partial credit and ignores rows that do not match', () => {
    const rows = [row(1, 'm.parser', null), row(2, 'm.parsing', null), row(3, 'm.unrelated', 'Nothing here.')];
    const hits = scoreLexical(queryTerms('parse'), rows, 100);
    expect(hits.map((h) => h.row.qualifiedName)).toEqual(['m.parsing', 'm.parser']);
    expect(hits[1]!.score / hits[0]!.score).toBeCloseTo(0.75, 10);
  });

  it('finds terms inside camelCase, dotted and snake_case words of a docstring', () => {
    const rows = [row(1, 'm.f', 'See parseHeaderLinks() and HTTPAdapter.send; honours max_retries.')];
    const hits = scoreLexical(queryTerms('header links adapter retries'), rows, 100);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fields).toEqual(['docstring']);
    // Four terms, each in one candidate out of 100 symbols: 4 × docstring weight 1 × ln(1 + 100).
    expect(hits[0]!.score).toBeCloseTo(4 * Math.log(101), 10);
  });
});

describe('rankLexical', () => {
  /**
   * The scoring rule written out term by term over every term of every candidate (the rule `lexicalScores` states):
   * scores, matched fields and order, to compare the term masks' shortcut with.
   */
  const reference = (nTerms: number, count: number, credits: Float64Array, total: number): unknown[] => {
    const weights = [3, 1.5, 1];
    const df = Array.from({ length: nTerms }, (_, t) => {
      let n = 0;
      for (let c = 0; c < count; c++) if ([0, 1, 2].some((f) => credits[(c * 3 + f) * nTerms + t]! > 0)) n++;
      return n;
    });
    const rarity = df.map((n) => (n > 0 ? Math.log(1 + Math.max(total, n) / n) : 0));
    const mass = rarity.reduce((a, b) => a + b, 0);
    const out: { c: number; score: number; fields: string[] }[] = [];
    for (let c = 0; c < count; c++) {
      let sum = 0;
      let covered = 0;
      const fields = new Set<number>();
      for (let t = 0; t < nTerms; t++) {
        let best = 0;
        for (let f = 0; f < 3; f++) {
          const credit = credits[(c * 3 + f) * nTerms + t]!;
          if (credit > 0) fields.add(f);
          best = Math.max(best, credit * weights[f]!);
        }
        if (best > 0) covered += rarity[t]!;
        sum += best * rarity[t]!;
      }
      if (sum > 0 && mass > 0) {
        const names = ['name', 'qualified-name', 'docstring'];
        out.push({
          c,
          score: sum * (covered / mass),
          fields: [0, 1, 2].filter((f) => fields.has(f)).map((f) => names[f]!),
        });
      }
    }
    return out.sort((a, b) => b.score - a.score || a.c - b.c).map(({ c, score, fields }) => [c, score, fields]);
  };

  it('gives the bits of the term-by-term rule for 1 … 70 terms (term masks of one, two and three words)', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (const nTerms of [1, 2, 5, 31, 32, 33, 40, 63, 64, 65, 70]) {
      const terms = Array.from({ length: nTerms }, (_, t) => ({ stem: `t${t}`, search: `t${t}` }));
      const count = 200;
      const credits = new Float64Array(count * 3 * nTerms);
      // Sparse credits (most zero), the high terms as likely as the low ones.
      for (let i = 0; i < credits.length; i++) if (random() < 0.04) credits[i] = random() < 0.5 ? 1 : 0.75;
      const rows = Array.from({ length: count }, (_, c) => ({ id: c }) as SymbolRow);
      const got = rankLexical(terms, rows, credits, 5_000).map((h) => [h.row.id, h.score, h.fields]);
      const want = reference(nTerms, count, credits, 5_000);
      expect(got.length, `${nTerms} terms`).toBeGreaterThan(0);
      // Scores compared by their bits (`Object.is` through toEqual on numbers).
      expect(got, `${nTerms} terms`).toEqual(want);
    }
  });
});
