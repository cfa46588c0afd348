import { describe, expect, it } from 'vitest';
import { queryTerms, stem } from '../../src/query/lexical.js';

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
