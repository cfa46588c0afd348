/**
 * SQLite incremental runs write the active file in one transaction. A writer killed inside that transaction leaves a
 * hot rollback journal, which a read-only connection may not replay: queries failed with "attempt to write a
 * readonly database" until the next `codira index`. The reader now lets SQLite roll the dead run back, so queries
 * answer exactly the last committed index, and the next run finds nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteBackend } from '../../src/backends/sqlite/sqlite-backend.js';
import { index } from '../support/backends.js';
import { dumpIndex, type IndexDump } from '../support/dump.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

async function dump(location: { repoRoot: string; stateDir: string }): Promise<IndexDump> {
  const reader = await sqliteBackend.openReader(location);
  return dumpIndex(reader).finally(() => reader.close());
}

describe('sqlite: a writer killed inside its transaction', () => {
  let repo: FixtureRepo | undefined;
  afterEach(() => repo?.dispose());

  it('leaves an index that answers exactly as before, and the next run is a no-op', async () => {
    repo = createFixtureRepo();
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('killed') };
    await index(sqliteBackend, location);
    const before = await dump(location);
    const [file] = sqliteBackend.storeFiles(location);
    // A writer like the incremental one: an immediate transaction, deletes spilled to the file by a tiny page cache,
    // then SIGKILL before the commit.
    const killed = spawnSync(
      process.execPath,
      [
        '-e',
        `const Database = require('better-sqlite3');
         const db = new Database(${JSON.stringify(file)});
         db.pragma('cache_size = 2');
         db.exec('BEGIN IMMEDIATE');
         for (const table of ['calls', 'refs', 'symbols', 'embedding_columns', 'files']) db.exec('DELETE FROM ' + table);
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { encoding: 'utf8' },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(`${file}-journal`)).toBe(true);
    expect(await dump(location)).toEqual(before);
    expect(existsSync(`${file}-journal`)).toBe(false);
    expect((await index(sqliteBackend, location)).mode).toBe('noop');
  });
});
