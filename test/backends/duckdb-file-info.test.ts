/**
 * The DuckDB session's file identity (`fileInfo`): a one-shot lookup reads only the files it needs, a long-lived or
 * already complete session answers from its full copy, and either way the rows are the same.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DuckDbReadSession } from '../../src/backends/duckdb/duckdb-reader.js';
import type { StoreLocation } from '../../src/core/contracts.js';
import { index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

describe('duckdb file identity', () => {
  let repo: FixtureRepo;
  let location: StoreLocation;

  beforeAll(async () => {
    repo = createFixtureRepo();
    location = { repoRoot: repo.root, stateDir: repo.stateDir('file-info') };
    await index(await loadBackend('duckdb'), location, true);
  });
  afterAll(() => repo.dispose());

  async function open(): Promise<DuckDbReadSession> {
    return (await (await loadBackend('duckdb')).openReader(location)) as DuckDbReadSession;
  }

  it('reads only the asked files until the session has read them all', async () => {
    const complete = await open();
    const all = await complete.fileInfo();
    await complete.close();
    const reader = await open();
    try {
      expect(all.size).toBeGreaterThan(2);
      const [first, second] = [...all.keys()];
      const some = await reader.fileInfo([first!, second!, first!]);
      expect([...some.keys()].sort()).toEqual([first, second].sort());
      for (const [id, info] of some) expect(info).toEqual(all.get(id));
      expect((await reader.fileInfo([])).size).toBe(0);
      const full = await reader.fileInfo();
      expect(full.size).toBe(all.size);
      expect(await reader.fileInfo([first!])).toBe(full); // complete now: the kept copy
    } finally {
      await reader.close();
    }
  });

  it('a one-shot session reads each file once: a later read asks only for the files not read yet', async () => {
    const complete = await open();
    const all = await complete.fileInfo();
    await complete.close();
    const reader = await open();
    const asked: string[] = [];
    const select = reader.db.select.bind(reader.db);
    vi.spyOn(reader.db, 'select').mockImplementation((sql, params) => {
      asked.push(sql);
      return select(sql, params);
    });
    try {
      const [first, second, third] = [...all.keys()];
      await reader.fileInfo([first!, second!]);
      expect(asked).toHaveLength(1);
      const again = await reader.fileInfo([second!, first!]);
      expect(asked).toHaveLength(1); // both known: no statement
      expect([...again.keys()]).toEqual([second, first]);
      for (const [id, info] of again) expect(info).toEqual(all.get(id));
      const more = await reader.fileInfo([third!, first!, 999_999]);
      expect(asked).toHaveLength(2);
      expect(asked[1]).toMatch(new RegExp(`WHERE id IN \\(${third}, 999999\\)$`)); // only the files not read yet
      expect([...more.keys()]).toEqual([third, first]);
      expect(more.get(third!)).toEqual(all.get(third!));
    } finally {
      await reader.close();
    }
  });

  it('a long-lived session always answers from its full copy', async () => {
    const reader = await open();
    try {
      await reader.keepResident();
      const some = await reader.fileInfo([1]);
      expect(some.size).toBeGreaterThan(1);
      expect(await reader.fileInfo()).toBe(some);
    } finally {
      await reader.close();
    }
  });

  it('lookups by name, handle and edge give the same rows as with every file read', async () => {
    const oneShot = await open();
    const complete = await open();
    try {
      await complete.fileInfo();
      const names = ['apply_discount', 'Cart', 'total'];
      expect(await oneShot.symbolsByName(names)).toEqual(await complete.symbolsByName(names));
      const ids = (await complete.symbolsByName(names)).map((row) => row.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(await oneShot.symbolsById(ids)).toEqual(await complete.symbolsById(ids));
      for (const direction of ['from', 'to'] as const) {
        for (const kind of ['call', 'reference'] as const) {
          const lookup = { kind, direction, ids };
          expect(await oneShot.edges(lookup)).toEqual(await complete.edges(lookup));
        }
      }
      expect((await complete.edges({ kind: 'call', direction: 'to', ids })).length).toBeGreaterThan(0);
    } finally {
      await oneShot.close();
      await complete.close();
    }
  });
});
