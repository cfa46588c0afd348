/**
 * `ctx`'s lexical signal read from the stored word lists (`src/query/lexical-words.ts`) must rank exactly what the
 * scanning path ranks — `scoreLexical` over the memory reference's `symbolsMatching` candidates — on every backend,
 * after a full index and after incremental runs that change, add and delete files (the lists are written and dropped
 * with their file). The fixture holds the cases the word lists treat specially: camelCase words, non-ASCII words, a
 * capital outside ASCII that lower-cases into it (U+212A), fields whose lower-casing changes their length, and words
 * repeated within and across fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { PostingsView, fieldWordsOf, type FieldWords, type WordSource } from '../../src/core/field-words.js';
import { lexicalHitsFromWords } from '../../src/query/lexical-words.js';
import { queryTerms, scoreLexical, type LexicalHit } from '../../src/query/lexical.js';
import { index, loadBackend, TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, FIXTURE_FILES, type FixtureRepo } from '../support/fixture-repo.js';
import { LEXICAL_EDGE_CASES } from '../support/lexical-edge-cases.js';

const QUERIES = [
  'parse http headers',
  'apply a discount to the prices',
  'istanbul dates',
  'kelvin sign scale',
  'round price total of the cart',
  'test the checkout',
  'widgets',
  'été café',
  'x',
  'PriceList renderPrices formatPrice',
  // `rice` lies inside `price` without crediting it (no token starts with it): words found but worth nothing.
  'rice of the cart',
  // More terms than one 32-bit word of a term mask holds, the matching ones last (terms 32 … 34, in the second word).
  `${Array.from({ length: 32 }, (_, i) => `zq${String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26))}`).join(' ')} discount cart price`,
];
const PREFIXES = [undefined, 'shop/', 'shop/edge', 'web', 'nowhere/'];
const LIMITS = [1, 3, 50];

const view = (hits: readonly LexicalHit[]): unknown[] =>
  hits.map((h) => [h.row.path, h.row.qualifiedName, h.row.startLine, h.score, h.fields]);

/**
 * Every query, prefix and limit through one path.
 *
 * @param reader - Open session.
 * @param words - Whether to read the word lists (else scan the memory reference's candidates).
 * @returns The ranked hits, one entry per case.
 */
async function rankings(reader: ReadSession, words: boolean): Promise<unknown[]> {
  const total = (await reader.embeddingsAnyOrder()).symbolIds.length;
  const out: unknown[] = [];
  for (const query of QUERIES) {
    const terms = queryTerms(query);
    const searches = [...new Set(terms.map((t) => t.search))];
    for (const prefix of PREFIXES) {
      for (const limit of LIMITS) {
        const hits = words
          ? await lexicalHitsFromWords(terms, await reader.fieldWords(prefix, searches), total, limit, (ids) =>
              reader.symbolsById(ids),
            )
          : scoreLexical(terms, await reader.symbolsMatching(searches, prefix), total).slice(0, limit);
        out.push([query, prefix ?? null, limit, view(hits)]);
      }
    }
  }
  return out;
}

/**
 * Open, read the rankings through one path, close.
 *
 * @param backend - Backend of the index.
 * @param location - Where it is.
 * @param words - See {@link rankings}.
 * @returns The rankings.
 */
async function rankingsAt(backend: BackendFactory, location: StoreLocation, words: boolean): Promise<unknown[]> {
  const reader = await backend.openReader(location);
  try {
    return await rankings(reader, words);
  } finally {
    await reader.close();
  }
}

describe.each(TEST_BACKENDS)('lexical signal from stored word lists (%s)', (name) => {
  let repo: FixtureRepo;
  let backend: BackendFactory;
  let reference: BackendFactory;
  beforeAll(async () => {
    repo = createFixtureRepo({
      ...FIXTURE_FILES,
      'shop/edge_cases.py': LEXICAL_EDGE_CASES,
      // Files that match a query only through a field scored whole, or only through a word outside ASCII: a store
      // that leaves out files by their word lists (`fieldWords` with searches) must keep them.
      'shop/probe_c.py': 'def probe_c(name):\n    """Dates of İ."""\n    return name\n',
      'shop/probe_k.py': 'def \u212aelvin_probe(value):\n    """Probe."""\n    return value\n',
      // An ASCII file whose only match for `widget` is in capitals: a store must fold case when it leaves files out.
      'shop/probe_upper.py': 'def FETCH_WIDGETS(limit):\n    """Return the WIDGETS."""\n    return limit\n',
    });
    backend = await loadBackend(name);
    reference = await loadBackend('memory');
  });
  afterAll(() => repo?.dispose());

  it('ranks what the scanning path ranks, after a full index and after incremental runs', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    const referenceLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-reference`) };
    const check = async (): Promise<void> => {
      await index(reference, referenceLocation, true);
      const expected = await rankingsAt(reference, referenceLocation, false);
      expect(await rankingsAt(backend, location, true)).toEqual(expected);
      // Not vacuous: most cases find something.
      expect(
        expected.filter((c) => (c as unknown[])[3] instanceof Array && ((c as unknown[])[3] as []).length > 0).length,
      ).toBeGreaterThan(QUERIES.length * 3);
    };
    await index(backend, location);
    await check();
    // Change a docstring, add a file with new words, delete another: the lists follow their files.
    repo.write(
      'shop/edge_cases.py',
      LEXICAL_EDGE_CASES.replace('Scale a value.', 'Scale a discounted header value.') +
        '\n\ndef total_price():\n    pass\n',
    );
    repo.write(
      'shop/extra.py',
      'def header_discount(x):\n    """Discount by http header; parse it."""\n    return x\n',
    );
    repo.remove('web/format.ts');
    expect((await index(backend, location)).mode).toBe('incremental');
    await check();
    repo.remove('shop/extra.py');
    expect((await index(backend, location)).mode).toBe('incremental');
    await check();
  });
});

describe('stored word lists', () => {
  it('list distinct words per field, skip words no search string can be inside, and keep whole-scored fields', () => {
    const words = fieldWordsOf([
      { name: 'parseHTTP', qualifiedName: 'm.parseHTTP', docstring: 'parse parse, ΣΟΦΟΣ \u212a' },
      { name: 'İx', qualifiedName: 'm.İx', docstring: null },
    ]);
    expect(words.words).toBe('parseHTTP m parse \u212a ');
    const bytes = words.postings.slice();
    const view = new DataView(bytes.buffer);
    // Header 2 × word count + 0 (narrow); then, as little-endian uint16: where each word starts in the list (and its
    // length); slot offsets per word (and the end); slots (symbol × 3 + field): `m` is in the container of both
    // symbols (slots 1 and 4), `parse` and the Kelvin sign once each in the first docstring (2).
    expect(view.getUint32(0, true)).toBe(2 * 4);
    expect(bytes.length).toBe(4 + 2 * 15);
    const values = Array.from({ length: 15 }, (_, i) => view.getUint16(4 + 2 * i, true));
    expect(values).toEqual([0, 10, 12, 18, 20, 0, 1, 3, 4, 5, 0, 1, 4, 2, 2]);
    // `İx` lower-cases to three units: stored whole, as the matcher scores it.
    expect(JSON.parse(words.irregular!)).toEqual([[3, 'İx']]);
    expect(fieldWordsOf([{ name: 'a_b', qualifiedName: 'a_b', docstring: '' }]).irregular).toBeNull();
  });
  it('store the postings as uint16 while every value fits, else as int32, and read both back the same way', () => {
    /** Every word with its slots and its place in the list, read through the view. */
    const readBack = (stored: FieldWords): [string, number, number[]][] => {
      const view = new PostingsView(stored.postings);
      return Array.from({ length: view.words }, (_, w) => {
        const slots: number[] = [];
        view.forEachSlot(w, (slot) => slots.push(slot));
        return [stored.words.slice(view.start(w), view.start(w + 1) - 1), view.start(w), slots];
      });
    };
    /** The width the header announces. */
    const wide = (stored: FieldWords): number => new DataView(stored.postings.slice().buffer).getUint32(0, true) & 1;
    // 21,845 symbols: the last one's docstring slot is 65,537, over 16 bits; one symbol fewer stays narrow.
    const symbols = (n: number): WordSource[] =>
      Array.from({ length: n }, (_, i) => {
        const name = i % 2 ? 'odd' : 'even';
        return { name, qualifiedName: `m.${name}`, docstring: 'doc' };
      });
    for (const [n, expected] of [
      [21_845, 0],
      [21_846, 1],
    ] as const) {
      const stored = fieldWordsOf(symbols(n));
      expect(wide(stored), `${n} symbols`).toBe(expected);
      const last = 3 * (n - 1);
      expect(readBack(stored).map(([word, , slots]) => [word, slots.length, slots[slots.length - 1]])).toEqual([
        ['even', Math.ceil(n / 2), n % 2 ? last : last - 3],
        ['m', n, last + 1],
        ['doc', n, last + 2],
        ['odd', Math.floor(n / 2), n % 2 ? last - 3 : last],
      ]);
    }
    // One slot over 16 bits in a short list: 21,846 symbols without a word, then one whose name is `last`.
    const late = fieldWordsOf([
      ...Array.from({ length: 21_846 }, () => ({ name: '_', qualifiedName: '_', docstring: null })),
      { name: 'last', qualifiedName: 'last', docstring: null },
    ]);
    expect(wide(late)).toBe(1);
    expect(readBack(late)).toEqual([['last', 0, [3 * 21_846]]]);
    // A list longer than 65,535 characters: its length (the last word offset) needs int32.
    const long = Array.from({ length: 7_000 }, (_, i) => `w${String(i).padStart(8, '0')}`);
    const longStored = fieldWordsOf([{ name: 'f', qualifiedName: 'f', docstring: long.join(' ') }]);
    expect(longStored.words.length).toBeGreaterThan(0xffff);
    expect(wide(longStored)).toBe(1);
    const back = readBack(longStored);
    expect(back.map(([word]) => word)).toEqual(['f', ...long]);
    expect(back[back.length - 1]![1]).toBe(longStored.words.length - long[long.length - 1]!.length - 1);
    // Odd byte alignment reads the same.
    const shifted = new Uint8Array(longStored.postings.length + 1);
    shifted.set(longStored.postings, 1);
    expect(readBack({ ...longStored, postings: shifted.subarray(1) })).toEqual(back);
  });
  it('take as words the maximal runs of ASCII letters, digits and units from U+0080 up, as a match-by-match scan does', () => {
    // The reference: the word runs one global match at a time (the first implementation), distinct in first order,
    // keeping those whose lower-casing holds an ASCII letter or digit.
    const reference = (texts: readonly string[]): string => {
      const seen = new Set<string>();
      for (const text of texts)
        for (const [word] of text.matchAll(/[A-Za-z0-9\u0080-\uffff]+/g))
          if (/[A-Za-z0-9]/.test(word.toLowerCase())) seen.add(word);
      return [...seen].map((w) => `${w} `).join('');
    };
    const docs = [
      'utf8Decode x2 base64 2nd 3',
      '--leading and trailing--',
      '(a)b.c/d_e$f g\th\ni',
      '😀emoji😀 and 😀 alone; naïve — ok… “quoted”',
      '\u212a alone, \u00e9\u00e9 only non-ASCII, a\u00a0b',
      '...;;;',
      'bad\ufffdbyte \uffffend\u007f del',
    ];
    for (const doc of docs) {
      const symbols = [{ name: 'f1', qualifiedName: 'pkg/m2.f1', docstring: doc }];
      expect(fieldWordsOf(symbols).words, doc).toBe(reference(['f1', 'pkg/m2.', doc]));
    }
  });
});
