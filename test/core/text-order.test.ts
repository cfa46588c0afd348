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

  it('returns keys already in order as they are, unless a surrogate makes JavaScript order differ', () => {
    const ordered = ['a.py', 'b/a.py', 'b/z.py', 'c.py'];
    const same = [...ordered];
    expect(sortByText(same, (path) => path)).toBe(same);
    expect(same).toEqual(ordered);
    // In `<` order (D83D before FF5E), not in code point order: must still be sorted.
    const units = ['a.py', 'b/\u{1F600}.py', 'b/\uFF5E.py'];
    expect(sortByText([...units], (path) => path)).toEqual(['a.py', 'b/\uFF5E.py', 'b/\u{1F600}.py']);
    // Out of order after an in-order prefix.
    expect(sortByText(['a', 'c', 'b'], (path) => path)).toEqual(['a', 'b', 'c']);
  });
});
