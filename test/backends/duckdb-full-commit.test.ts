/**
 * A DuckDB full run commits its load in parts (every `FULL_COMMIT_ROWS` rows, `$CODIRA_DUCKDB_COMMIT_ROWS` here) and
 * builds its indexes after the last commit. The published file must hold exactly what a run committed as one whole
 * holds — every table's rows and the same indexes — and the parts must really be committed.
 */
import { existsSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { ArrowTableLoader } from '../../src/backends/duckdb/duckdb-bulk-load.js';
import { NativeWriteConnection } from '../../src/backends/duckdb/duckdb-native.js';
import { FULL_COMMIT_ROWS } from '../../src/backends/duckdb/duckdb-writer.js';
import { collectionsSoFar } from '../../src/core/full-collection.js';
import { indexFilePath } from '../../src/backends/duckdb/duckdb-schema.js';
import type { StoreLocation } from '../../src/core/contracts.js';
import { indexWith, syntheticTree as tree, tempLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env['CODIRA_DUCKDB_COMMIT_ROWS'];
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Every table of the published file, each as its rows in a fixed order, and the index names.
 *
 * @param location - Store of the run.
 * @returns Rows per table (`meta` left out) and the index names.
 */
async function snapshot(location: StoreLocation): Promise<{ tables: Record<string, string>; indexes: string[] }> {
  const instance = await DuckDBInstance.create(indexFilePath(location.stateDir), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const read = async (sql: string): Promise<unknown[][]> => (await connection.runAndReadAll(sql)).getRows();
    const names = (await read('SELECT table_name FROM duckdb_tables() ORDER BY table_name')).map(([n]) => String(n));
    const tables: Record<string, string> = {};
    for (const name of names) {
      // `meta` holds the run's random generation; every other table must match row for row.
      if (name === 'meta') continue;
      const rows = await read(`SELECT * FROM "${name}" ORDER BY ALL`);
      tables[name] = JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    }
    const indexes = (await read('SELECT index_name FROM duckdb_indexes() ORDER BY index_name')).map(([n]) => String(n));
    return { tables, indexes };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Index `files` with a full run in batches of 100 files; count the commits issued during the load.
 *
 * @param name - Scratch folder name.
 * @param files - The tree to index.
 * @returns The store and the number of commits before the last one.
 */
async function fullRun(
  name: string,
  files: ReturnType<typeof tree>,
): Promise<{ location: StoreLocation; parts: number }> {
  const location = tempLocation(name);
  cleanup.push(location.repoRoot);
  const run = vi.spyOn(NativeWriteConnection.prototype, 'run');
  await indexWith(duckdbBackend, location, 'full', files, [], undefined, 100);
  // An in-load commit is a statement of its own (the layout's, the load's last and the final one are not).
  const parts = run.mock.calls.filter(([sql]) => sql === 'COMMIT').length;
  run.mockRestore();
  return { location, parts };
}

describe('duckdb writer: a full run commits its load in parts', () => {
  it('publishes the same rows and indexes as a run committed as one whole', async () => {
    // 700 files × 30 calls = 21,000 call rows and as many hint keys: over INDEX_MIN_ROWS, so indexes are built.
    const files = tree(700);
    const whole = await fullRun('commit-whole', files);
    process.env['CODIRA_DUCKDB_COMMIT_ROWS'] = '5000';
    const parted = await fullRun('commit-parts', files);
    // A batch of 100 files appends ~8,000 rows: each of the 7 batches crosses 5,000 rows and commits.
    expect(whole.parts).toBe(0);
    expect(parted.parts).toBe(7);
    const [a, b] = [await snapshot(whole.location), await snapshot(parted.location)];
    expect(b.indexes).toEqual(['calls_by_caller', 'calls_by_hint', 'calls_by_target', 'hint_keys_by_key']);
    expect(b.indexes).toEqual(a.indexes);
    expect(Object.keys(b.tables).sort()).toEqual(Object.keys(a.tables).sort());
    expect(Object.keys(b.tables).length).toBeGreaterThan(8);
    for (const table of Object.keys(a.tables)) expect(b.tables[table], table).toBe(a.tables[table]);
    expect(JSON.parse(b.tables['calls']!)).toHaveLength(21_000);
  });

  it('reads the interval from the environment only as a positive integer', async () => {
    process.env['CODIRA_DUCKDB_COMMIT_ROWS'] = '-5';
    const files = tree(30);
    expect((await fullRun('commit-invalid', files)).parts).toBe(0);
    expect(FULL_COMMIT_ROWS).toBeGreaterThan(30 * 100);
  });

  it('closes the appenders after every batch and commits the load into the file, not the log, before the derived step', async () => {
    const location = tempLocation('commit-load-end');
    cleanup.push(location.repoRoot);
    const appenders = vi.spyOn(ArrowTableLoader, 'open');
    const { run } = NativeWriteConnection.prototype;
    // Whether the staged file had a write-ahead log right after the load's last commit.
    const logAfterLoadEnd: boolean[] = [];
    let staged = '';
    const spy = vi.spyOn(NativeWriteConnection.prototype, 'run').mockImplementation(async function (
      this: NativeWriteConnection,
      sql,
    ) {
      staged ||= /^ATTACH '([^']+)' AS idx /.exec(sql)?.[1] ?? '';
      await run.call(this, sql);
      if (sql.includes("SET checkpoint_threshold = '0b'")) logAfterLoadEnd.push(existsSync(`${staged}.wal`));
    });
    // 12 files in batches of 4: three persists, each appending calls.
    await indexWith(duckdbBackend, location, 'full', tree(12), [], undefined, 4);
    // One appender per batch for a table every batch writes (kept open across batches, it would be one).
    expect(appenders.mock.calls.filter(([, table]) => table === 'calls')).toHaveLength(3);
    const statements = spy.mock.calls.map(([sql]) => sql);
    const loadEnd = statements.findIndex((sql) => sql.includes("SET checkpoint_threshold = '1TB'"));
    const derived = statements.findIndex((sql) => sql.includes('resolution_edges'));
    expect(loadEnd).toBeGreaterThan(-1);
    expect(derived).toBeGreaterThan(loadEnd);
    // One thread from here on; the commit checkpoints (threshold 0), then no automatic checkpoint; an allocator flush.
    expect(statements[loadEnd]!.split(';\n')).toEqual([
      'SET threads = 1',
      "SET checkpoint_threshold = '0b'",
      'COMMIT',
      "SET checkpoint_threshold = '1TB'",
      'SET threads = 2',
      'SET threads = 1',
    ]);
    // The commit wrote the rows into the file (no log left), so no checkpoint of its own follows.
    expect(staged).not.toBe('');
    expect(logAfterLoadEnd).toEqual([false]);
    expect(statements[loadEnd + 1]).toBe('BEGIN TRANSACTION');
    // Every loaded row was committed before the derived step: nothing is appended after it.
    expect(appenders.mock.invocationCallOrder.every((order) => order < spy.mock.invocationCallOrder[loadEnd]!)).toBe(
      true,
    );
    const { tables } = await snapshot(location);
    expect(JSON.parse(tables['calls']!)).toHaveLength(12 * 30);
  });

  it('checkpoints the load on its own when its last commit left the rows in the log', async () => {
    const location = tempLocation('commit-load-end-logged');
    cleanup.push(location.repoRoot);
    const { run } = NativeWriteConnection.prototype;
    // DuckDB declines the commit's checkpoint (as it may, e.g. with another transaction open): the rows stay logged.
    const spy = vi.spyOn(NativeWriteConnection.prototype, 'run').mockImplementation(function (
      this: NativeWriteConnection,
      sql,
    ) {
      return run.call(this, sql.replace("SET checkpoint_threshold = '0b'", "SET checkpoint_threshold = '1TB'"));
    });
    await indexWith(duckdbBackend, location, 'full', tree(12), [], undefined, 4);
    const statements = spy.mock.calls.map(([sql]) => sql);
    const loadEnd = statements.findIndex((sql) => sql.includes("SET checkpoint_threshold = '0b'"));
    expect(statements[loadEnd + 1]!.split(';\n')).toEqual([
      'CHECKPOINT idx',
      'SET threads = 2',
      'SET threads = 1',
      'BEGIN TRANSACTION',
    ]);
    const { tables } = await snapshot(location);
    expect(JSON.parse(tables['calls']!)).toHaveLength(12 * 30);
  });

  it('gives a full run the allocator settings that return freed memory, and an incremental run one thread', async () => {
    const create = vi.spyOn(NativeWriteConnection, 'open');
    const location = tempLocation('commit-allocator');
    cleanup.push(location.repoRoot);
    const files = tree(12);
    await indexWith(duckdbBackend, location, 'full', files, [], undefined, 4);
    const changed = [files[1]!];
    await indexWith(duckdbBackend, location, 'incremental', changed, [], {
      changed: [changed[0]!.file.path],
      reused: files
        .slice(2)
        .map((f) => f.file.path)
        .concat(files[0]!.file.path),
    });
    const [full, incremental] = create.mock.calls.map(([options]) => options);
    expect(full).toMatchObject({ allocator_flush_threshold: '8MB', allocator_background_threads: 'true' });
    expect(full).not.toHaveProperty('threads');
    // The full run's load and derived step run under a smaller buffer limit than an incremental run.
    expect(full).toMatchObject({ memory_limit: '160MB' });
    expect(incremental).toMatchObject({ threads: '1', memory_limit: '256MB' });
    expect(incremental).not.toHaveProperty('allocator_flush_threshold');
  });
  it('flushes the allocator after every commit, derived statement and index of a full run, never in an incremental one', async () => {
    const location = tempLocation('commit-flush');
    cleanup.push(location.repoRoot);
    process.env['CODIRA_DUCKDB_COMMIT_ROWS'] = '5000';
    // Every statement sent to DuckDB, in order, with the number of JavaScript collections so far when it was sent.
    const sent: { sql: string; collections: number }[] = [];
    // Each appender close: statements sent so far, collections so far.
    const closed: { at: number; collections: number }[] = [];
    const record = (sql: string): void => {
      for (const one of sql.split(';\n')) sent.push({ sql: one.trim(), collections: collectionsSoFar() });
    };
    const { run, rows } = NativeWriteConnection.prototype;
    vi.spyOn(NativeWriteConnection.prototype, 'run').mockImplementation(function (this: NativeWriteConnection, sql) {
      record(sql);
      return run.call(this, sql);
    });
    vi.spyOn(NativeWriteConnection.prototype, 'rows').mockImplementation(function (this: NativeWriteConnection, sql) {
      record(sql);
      return rows.call(this, sql);
    });
    const close = ArrowTableLoader.prototype.close;
    vi.spyOn(ArrowTableLoader.prototype, 'close').mockImplementation(function (this: ArrowTableLoader) {
      closed.push({ at: sent.length, collections: collectionsSoFar() });
      close.call(this);
    });
    const files = tree(700);
    await indexWith(duckdbBackend, location, 'full', files, [], undefined, 100);
    const flushAt = (i: number): boolean =>
      /^SET threads = (\d+)$/.test(sent[i]?.sql ?? '') &&
      Number(/\d+$/.exec(sent[i]!.sql)![0]) === Number(/\d+$/.exec(sent[i + 1]?.sql ?? '')?.[0]) + 1;
    const at = (pattern: RegExp): number[] => sent.flatMap(({ sql }, i) => (pattern.test(sql) ? [i] : []));
    // The tables are created in one transaction, not each committed on its own, and committed before the load.
    const tables = at(/^CREATE TABLE idx\.(?!resolution )/);
    const begin = at(/^BEGIN TRANSACTION$/)[0]!;
    expect(tables).toHaveLength(11);
    expect(begin).toBeLessThan(tables[0]!);
    expect(at(/^COMMIT$/)[0]).toBe(tables.at(-1)! + 1);
    expect(closed[0]!.at).toBeGreaterThan(tables.at(-1)! + 1);
    const commits = at(/^COMMIT$/).slice(1);
    // 7 commits inside the load, the load's last, the derived step's.
    expect(commits).toHaveLength(9);
    for (const i of commits.slice(0, 7)) expect(flushAt(i + 1), `flush after statement ${i}`).toBe(true);
    // The load's last commit checkpointed itself; the automatic checkpoint is turned off before the flush.
    expect(sent[commits[7]! + 1]!.sql).toBe("SET checkpoint_threshold = '1TB'");
    expect(flushAt(commits[7]! + 2), 'flush after the load-end commit').toBe(true);
    // The in-load commits come after a collection of the JavaScript heap made once the batch's appenders closed.
    for (const i of commits.slice(0, 7)) {
      const lastClose = closed.filter(({ at }) => at <= i).at(-1)!;
      expect(sent[i]!.collections, `collection before commit ${i}`).toBeGreaterThan(lastClose.collections);
    }
    // Every batch here committed inside the load, so the load's last commit has nothing to write and leaves the log of
    // the in-load commits: the load-end checkpoint runs on its own, followed by a flush.
    const checkpoints = at(/^CHECKPOINT idx$/);
    expect(checkpoints[0]).toBe(commits[7]! + 4);
    expect(flushAt(checkpoints[0]! + 1)).toBe(true);
    const indexes = at(/^CREATE INDEX /);
    expect(indexes).toHaveLength(4);
    // Each build starts from the file checkpointed, detached and attached again, and every build but the last is
    // itself written and dropped from memory the same way, each time followed by a flush; the last one is written by
    // the final checkpoint and the file detached, not attached again.
    const reattached = (i: number): boolean =>
      sent[i]?.sql === 'CHECKPOINT idx' &&
      sent[i + 1]?.sql === 'DETACH idx' &&
      /^ATTACH '.*' AS idx$/.test(sent[i + 2]?.sql ?? '') &&
      flushAt(i + 3);
    expect(indexes[0]).toBe(commits[8]! + 7);
    expect(reattached(commits[8]! + 1), 'reattach after the last commit').toBe(true);
    for (const i of indexes.slice(0, -1)) expect(reattached(i + 1), sent[i]!.sql).toBe(true);
    const last = indexes.at(-1)!;
    expect(sent.slice(last + 1).map(({ sql }) => sql)).toEqual(['CHECKPOINT idx', 'DETACH idx']);
    const derived = at(/^(UPDATE idx\.|DROP TABLE idx\.resolution|INSERT INTO idx\.(metrics|symbol_keys))/);
    expect(derived).toHaveLength(5);
    for (const i of derived) expect(flushAt(i - 2), sent[i]!.sql).toBe(true);
    // The index builds (an ART index cannot be evicted while it is built) get the larger buffer limit back, once,
    // after the load and the derived step.
    const limits = at(/^SET memory_limit/);
    expect(limits.map((i) => sent[i]!.sql)).toEqual(["SET memory_limit = '256MB'"]);
    expect(limits[0]).toBeGreaterThan(derived.at(-1)!);
    expect(limits[0]).toBe(indexes[0]! - 1);
    expect(JSON.parse((await snapshot(location)).tables['calls']!)).toHaveLength(21_000);
    // An incremental run keeps one thread and never changes it.
    sent.length = 0;
    const changed = [files[1]!];
    await indexWith(duckdbBackend, location, 'incremental', changed, [], {
      changed: [changed[0]!.file.path],
      reused: files.filter((_, i) => i !== 1).map((f) => f.file.path),
    });
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.filter(({ sql }) => /^SET threads = (?!1$)/.test(sql))).toEqual([]);
  });

  it('drops the buffered blocks after an in-load commit that checkpointed, and only then', async () => {
    const location = tempLocation('commit-evict');
    cleanup.push(location.repoRoot);
    process.env['CODIRA_DUCKDB_COMMIT_ROWS'] = '5000';
    const sent: string[] = [];
    const { run } = NativeWriteConnection.prototype;
    let loadCommits = 0;
    vi.spyOn(NativeWriteConnection.prototype, 'run').mockImplementation(async function (
      this: NativeWriteConnection,
      sql,
    ) {
      sent.push(...sql.split(';\n'));
      await run.call(this, sql);
      // The second and the fifth in-load commits checkpoint, as DuckDB's automatic checkpoint does once the
      // write-ahead log outgrows its threshold (16 MB: more than a test's rows write).
      if (sql === 'COMMIT' && [2, 5].includes(++loadCommits)) await run.call(this, 'CHECKPOINT idx');
    });
    const files = tree(700);
    await indexWith(duckdbBackend, location, 'full', files, [], undefined, 100);
    const commits = sent.flatMap((sql, i) => (sql === 'COMMIT' ? [i] : []));
    // The layout's commit, 7 in the load, the load's last, the final one.
    expect(commits).toHaveLength(10);
    const drops = commits.slice(1, 8).map((i) => sent.slice(i + 1, i + 3));
    const dropped = ["SET memory_limit = '16MB'", "SET memory_limit = '160MB'"];
    expect(drops.map((next) => next[0] === dropped[0] && next[1] === dropped[1])).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(sent.filter((sql) => sql.startsWith('SET memory_limit'))).toHaveLength(5);
    expect(JSON.parse((await snapshot(location)).tables['calls']!)).toHaveLength(21_000);
  });

  it('goes on under the load limit when DuckDB cannot drop its blocks', async () => {
    const location = tempLocation('commit-evict-refused');
    cleanup.push(location.repoRoot);
    process.env['CODIRA_DUCKDB_COMMIT_ROWS'] = '5000';
    const sent: string[] = [];
    const { run } = NativeWriteConnection.prototype;
    vi.spyOn(NativeWriteConnection.prototype, 'run').mockImplementation(async function (
      this: NativeWriteConnection,
      sql,
    ) {
      sent.push(sql);
      if (sql === "SET memory_limit = '16MB'") throw new Error('could not free up enough memory for the new limit');
      await run.call(this, sql);
      if (sql === 'COMMIT') await run.call(this, 'CHECKPOINT idx');
    });
    await indexWith(duckdbBackend, location, 'full', tree(700), [], undefined, 100);
    // Every in-load commit tried, and each time the load's limit was set again right after.
    const tries = sent.flatMap((sql, i) => (sql === "SET memory_limit = '16MB'" ? [i] : []));
    expect(tries).toHaveLength(7);
    for (const i of tries) expect(sent[i + 1]).toBe("SET memory_limit = '160MB'");
    expect(JSON.parse((await snapshot(location)).tables['calls']!)).toHaveLength(21_000);
  });
});
