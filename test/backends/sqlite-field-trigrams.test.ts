/**
 * SQLite's trigram index of the word lists (schema 8, `field_trigrams` and the partial index `field_words_loose`):
 * `fieldWords` with search strings must return exactly the files whose lists can match — a list holding a search
 * string under lower-casing, a list with a character outside ASCII, or a field scored whole — in file-handle order,
 * whether the trigram index answers (every search string of 3 characters or more) or every list is tested with `LIKE`
 * (a shorter one); and the index must hold exactly the stored lists' files after a full index and after incremental
 * runs that edit, add and delete files (a deleted file's handle taken again by a new file included).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreLocation } from '../../src/core/contracts.js';
import { sqliteBackend } from '../../src/backends/sqlite/sqlite-backend.js';
import { index } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const FILES: Record<string, string> = {
  'app/headers.py': 'def parse_headers(raw):\n    """Parse HTTP headers into a dict."""\n    return raw\n',
  'app/prices.py': 'def totalPrice(cart):\n    """Sum the prices of a cart."""\n    return cart\n',
  'app/upper.py': 'def FETCH_WIDGETS(limit):\n    """Return the WIDGETS."""\n    return limit\n',
  // A word outside ASCII: the list is decided in JavaScript, whatever the searches.
  'app/cafe.py': 'def café_total(x):\n    """Total of the bill."""\n    return x\n',
  // A field scored whole (its lower-casing changes its length): kept for every search.
  'app/dates.py': 'def probe_dates(name):\n    """Dates of İ."""\n    return name\n',
  'lib/graph.py': 'def shortest_path(g, a, b):\n    """Shortest path by x and y."""\n    return g\n',
};

/** Search lists: trigram-indexed (every string ≥ 3 characters), short ones (`LIKE`), capitals-only matches, none. */
const SEARCHES: readonly (readonly string[])[] = [
  ['header'],
  ['pric', 'cart'],
  ['widget'],
  ['total'],
  ['shortest', 'path'],
  ['x'],
  ['ab', 'pars'],
  ['zzqq'],
  ['dict', 'bill', 'http'],
];
const PREFIXES = [undefined, 'app/', 'lib/'];

/**
 * The problems of one index: the trigram rows against the stored lists, and `fieldWords` against the lists read in
 * full and filtered here.
 *
 * @param location - The SQLite index.
 * @returns Problems found (none when right).
 */
async function problems(location: StoreLocation): Promise<string[]> {
  const out: string[] = [];
  const db = new Database(sqliteBackend.storeFiles(location)[0]!, { readonly: true });
  try {
    const trigramRows = db.prepare('SELECT rowid FROM field_trigrams ORDER BY rowid').pluck().all();
    const listRows = db.prepare('SELECT file_id FROM field_words ORDER BY file_id').pluck().all();
    if (JSON.stringify(trigramRows) !== JSON.stringify(listRows)) {
      out.push(`trigram rows ${JSON.stringify(trigramRows)} for lists ${JSON.stringify(listRows)}`);
    }
  } finally {
    db.close();
  }
  const reader = await sqliteBackend.openReader(location);
  try {
    for (const prefix of PREFIXES) {
      const all = await reader.fieldWords(prefix);
      for (const searches of SEARCHES) {
        const expected = all
          .filter(
            (f) =>
              f.irregular !== null ||
              [...f.words].some((c) => c.charCodeAt(0) > 0x7f) ||
              searches.some((s) => f.words.toLowerCase().includes(s)),
          )
          .map((f) => f.firstSymbolId);
        const got = (await reader.fieldWords(prefix, searches)).map((f) => f.firstSymbolId);
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          out.push(
            `${prefix ?? '-'} ${searches.join(',')}: ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
          );
        }
      }
    }
  } finally {
    await reader.close();
  }
  return out;
}

describe('SQLite trigram index of the word lists', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = createFixtureRepo(FILES);
  });
  afterAll(() => repo?.dispose());

  it('finds exactly the lists that can match, after a full index and after incremental runs', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('sqlite') };
    await index(sqliteBackend, location, true);
    expect(await problems(location)).toEqual([]);
    // Not vacuous: the trigram path leaves files out.
    const reader = await sqliteBackend.openReader(location);
    try {
      expect((await reader.fieldWords(undefined, ['header'])).length).toBeLessThan((await reader.fieldWords()).length);
    } finally {
      await reader.close();
    }
    // An edit that moves a file's match, a new file, a deleted one.
    repo.write('app/headers.py', 'def parse_cookies(raw):\n    """Parse HTTP cookies."""\n    return raw\n');
    repo.write('lib/extra.py', 'def header_discount(x):\n    """Discount by header; parse it."""\n    return x\n');
    repo.remove('app/prices.py');
    expect((await index(sqliteBackend, location)).mode).toBe('incremental');
    expect(await problems(location)).toEqual([]);
    // The newest file deleted, then another added: it may take the deleted file's handle.
    repo.remove('lib/extra.py');
    expect((await index(sqliteBackend, location)).mode).toBe('incremental');
    expect(await problems(location)).toEqual([]);
    repo.write('lib/late.py', 'def widget_prices(x):\n    """Prices of a widget."""\n    return x\n');
    expect((await index(sqliteBackend, location)).mode).toBe('incremental');
    expect(await problems(location)).toEqual([]);
  });
});
