/**
 * DuckDB's `rankSymbols` (what `symlist` reads) answers a first page from `metrics` and the ranked symbols' own sort
 * keys (issue 12, session 23) instead of the listing statement over every symbol: checked at every limit against the
 * memory reference on a fixture whose ties at the cut are defined in the reverse of their qualified-name order, and
 * checked to read no symbol column a listing does not show.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DuckDbReadSession } from '../../src/backends/duckdb/duckdb-reader.js';
import type { ReadSession } from '../../src/core/contracts.js';
import { rankedRow } from '../../src/core/model.js';
import { index, loadBackend } from '../support/backends.js';
import { FIXTURE_FILES, createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

/** Functions called once each (fan-in 1, fan-out 0), defined from `f_l` down to `f_a`. */
const TIED = 'lkjihgfedcba'.split('');

const TIES_FILE = [
  '"""Generated: tied functions defined in the reverse of their name order."""',
  '',
  ...TIED.flatMap((c) => ['', '', `def f_${c}():`, '    return 1']),
  '',
  '',
  'def caller():',
  ...TIED.map((c) => `    f_${c}()`),
  '',
].join('\n');

describe('duckdb ranked listing', () => {
  let repo: FixtureRepo;
  let reader: DuckDbReadSession;
  let reference: ReadSession;
  let statements: string[];

  beforeAll(async () => {
    repo = createFixtureRepo({ ...FIXTURE_FILES, 'gen/ties.py': TIES_FILE });
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('ranked-duckdb') };
    const refLocation = { repoRoot: repo.root, stateDir: repo.stateDir('ranked-memory') };
    await index(await loadBackend('duckdb'), location, true);
    await index(await loadBackend('memory'), refLocation, true);
    reader = (await (await loadBackend('duckdb')).openReader(location)) as DuckDbReadSession;
    reference = await (await loadBackend('memory')).openReader(refLocation);
    statements = [];
    const select = reader.db.select.bind(reader.db);
    vi.spyOn(reader.db, 'select').mockImplementation((sql, params) => {
      statements.push(sql);
      return select(sql, params);
    });
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
    await reference?.close();
    repo.dispose();
  });

  it('gives the reference listing at every limit, read from the ranked symbols up to the connected ones', async () => {
    const all = await reference.listSymbols({});
    const connected = all.filter((row) => row.fanIn > 0 || row.fanOut > 0).length;
    // The tied functions are defined (handle order) against their name order, and the cut falls among them.
    expect(all.filter((row) => row.fanIn === 1 && row.fanOut === 0).length).toBeGreaterThanOrEqual(TIED.length);
    const strip = (rows: readonly { id: number }[]): unknown[] => rows.map(({ id: _id, ...row }) => row);
    for (let limit = 1; limit <= all.length + 1; limit++) {
      statements.length = 0;
      const listed = (await reference.listSymbols({ limit })).map(rankedRow);
      expect(strip(await reader.rankSymbols({ limit }))).toEqual(strip(listed));
      const over = statements.filter((sql) => /s\.docstring|s\.signature|fan_out DESC, s\.qualified_name/.test(sql));
      // Up to the connected symbols, no statement reads a column a listing does not show, nor sorts every symbol.
      expect(over.length === 0).toBe(limit <= connected);
    }
  });
});
