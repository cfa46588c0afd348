/**
 * The fixed work of opening the DuckDB index for one read command (issue 12, session 24): the platform package of the
 * bindings is found by `stat` calls instead of two `require.resolve` calls (one of which always failed), and the
 * version check runs as one statement that leaves no prepared statement behind.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NativeReadConnection, installedFile } from '../../src/backends/duckdb/duckdb-native.js';
import type { StoreLocation } from '../../src/core/contracts.js';
import { index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const PLATFORM = `@duckdb/node-bindings-linux-${process.arch}`;

describe('duckdb bindings located without resolution failures', () => {
  it.runIf(process.platform === 'linux')('finds the installed platform package where require does', () => {
    const request = `${PLATFORM}/duckdb.node`;
    const found = installedFile(request);
    expect(found).toBeDefined();
    expect(realpathSync(found!)).toBe(createRequire(import.meta.url).resolve(request));
  });

  it('finds nothing for a package that is not installed', () => {
    expect(installedFile(`${PLATFORM}-not-installed/duckdb.node`)).toBeUndefined();
    expect(installedFile(`${PLATFORM}/no-such-file.node`)).toBeUndefined();
  });
});

describe('duckdb version check at open', () => {
  let repo: FixtureRepo;
  let location: StoreLocation;

  beforeAll(async () => {
    repo = createFixtureRepo();
    location = { repoRoot: repo.root, stateDir: repo.stateDir('open-cost') };
    await index(await loadBackend('duckdb'), location, true);
  });
  afterAll(() => repo.dispose());

  it('reads the inventory in one statement and keeps no prepared statement', async () => {
    const once = vi.spyOn(NativeReadConnection.prototype, 'selectOnce');
    const reader = await (await loadBackend('duckdb')).openReader(location);
    try {
      const db = (reader as unknown as { db: NativeReadConnection }).db;
      expect(once).toHaveBeenCalledTimes(1);
      expect(once.mock.calls[0]![0]).toMatch(/FROM meta$/);
      expect(db.preparedStatements).toBe(0);
      expect((await reader.meta()).embedder.dimension).toBeGreaterThan(0);
      expect((await reader.files()).length).toBeGreaterThan(0);
      expect(db.preparedStatements).toBe(1);
    } finally {
      await reader.close();
      once.mockRestore();
    }
  });
});
