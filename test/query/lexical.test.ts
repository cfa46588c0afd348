import { describe, expect, it } from 'vitest';
import type { SymbolRow } from '../../src/core/model.js';
import { queryTerms, scoreLexical, stem } from '../../src/query/lexical.js';

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
