/**
 * `sortByText` must give exactly `compareText`'s order (the order SQLite and DuckDB use for text), taking the
 * engine's own comparison only where the two agree: keys without UTF-16 surrogates.
 */
import { describe, expect, it } from 'vitest';
import { compareText, sortByText } from '../../src/core/text.js';

describe('sortByText', () => {
  it('orders astral characters after every other BMP character, like compareText', () => {
    // U+1F600 is the surrogate pair D83D DE00: JavaScript's `<` puts it before U+FF5E, code point order after.
    const paths = ['b/\u{1F600}.py', 'b/\uFF5E.py', 'a.py', 'b/z.py'];
    expect(sortByText([...paths], (path) => path)).toEqual(['a.py', 'b/z.py', 'b/\uFF5E.py', 'b/\u{1F600}.py']);
    expect(sortByText([...paths], (path) => path)).toEqual([...paths].sort(compareText));
  });

  it('equals compareText order on random keys, with and without surrogates, and sorts by the key', () => {
    const alphabet = ['a', 'B', '/', '.', '_', '\u00e9', '\uFF5E', '\u{1F600}', '\u{10000}', 'z'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (const pool of [alphabet.slice(0, 7), alphabet]) {
      const items = Array.from({ length: 400 }, (_, i) => ({
        i,
        path: Array.from({ length: 1 + random(6) }, () => pool[random(pool.length)]).join(''),
      }));
      const expected = [...items].sort((x, y) => compareText(x.path, y.path) || x.i - y.i).map((x) => x.path);
      expect(sortByText([...items], (item) => item.path).map((x) => x.path)).toEqual(expected);
    }
  });
});
