/**
 * New DuckDB index files (a full run's base, an overlay run's overlay) are written in the pinned recent storage format
 * (`INDEX_STORAGE_VERSION`), not DuckDB's backward-compatible default: in the default format every column's distinct
 * statistics are converted to the old sketch at each checkpoint, most of a one-file run's commit. A file written in the
 * default format stays readable and takes an overlay in the new format.
 */
import { readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import duckdb from '@duckdb/node-bindings';
import { afterEach, describe, expect, it } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { INDEX_STORAGE_VERSION } from '../../src/backends/duckdb/duckdb-schema.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import type { StoreLocation } from '../../src/core/contracts.js';
import { baseTree, file, indexWith, neutralDump, trackedLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const where = (label: string): StoreLocation => trackedLocation(cleanup, label);

/**
 * The storage version number in a DuckDB file's main header (after the 8-byte checksum and the `DUCK` magic).
 *
 * @param path - A DuckDB database file.
 * @returns The number (64 for DuckDB's default, backward-compatible format).
 */
function storageNumber(path: string): number {
  const header = readFileSync(path).subarray(0, 20);
  expect(header.subarray(8, 12).toString('latin1')).toBe('DUCK');
  return Number(header.readBigUInt64LE(12));
}

/**
 * The storage number DuckDB writes for a storage version, read from a file it creates with that option.
 *
 * @param dir - A scratch folder.
 * @param option - `ATTACH` options, e.g. `(STORAGE_VERSION 'v1.4.0')`, or empty for the default.
 * @returns The number.
 */
async function numberFor(dir: string, option: string): Promise<number> {
  const path = join(dir, `probe-${storageProbe++}.duckdb`);
  const database = await duckdb.open(':memory:');
  const connection = await duckdb.connect(database);
  try {
    await duckdb.query(connection, `ATTACH '${path}' AS probe ${option}`);
    await duckdb.query(connection, 'CREATE TABLE probe.t (a INTEGER); CHECKPOINT probe; DETACH probe');
  } finally {
    duckdb.disconnect_sync(connection);
    duckdb.close_sync(database);
  }
  return storageNumber(path);
}
let storageProbe = 0;

const CHANGED = file('app/core.py', [
  ['app.core', 'module', 1],
  ['app.core.added_later', 'function', 3, 'Doc.'],
]);

describe('duckdb storage format of new index files', () => {
  it('a full run and an overlay run write the pinned format; answers equal the reference', async () => {
    const duck = where('format');
    const reference = where('format-ref');
    const pinned = await numberFor(duck.repoRoot, `(STORAGE_VERSION '${INDEX_STORAGE_VERSION}')`);
    expect(pinned).toBeGreaterThan(await numberFor(duck.repoRoot, ''));
    await indexWith(duckdbBackend, duck, 'full', baseTree());
    await indexWith(memoryBackend, reference, 'full', baseTree());
    expect(storageNumber(join(duck.stateDir, 'index.duckdb'))).toBe(pinned);
    await indexWith(duckdbBackend, duck, 'incremental', [CHANGED], [], { changed: ['app/core.py'] });
    await indexWith(memoryBackend, reference, 'incremental', [CHANGED], [], { changed: ['app/core.py'] });
    expect(readdirSync(duck.stateDir)).toContain('index.overlay.duckdb');
    expect(storageNumber(join(duck.stateDir, 'index.overlay.duckdb'))).toBe(pinned);
    expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
  });

  it('a base in the default format (an index written before) is read and takes an overlay in the pinned format', async () => {
    const duck = where('format-old');
    const reference = where('format-old-ref');
    await indexWith(duckdbBackend, duck, 'full', baseTree());
    await indexWith(memoryBackend, reference, 'full', baseTree());
    // Rewrite the base in DuckDB's default format, as a build before the pinned format wrote it.
    const base = join(duck.stateDir, 'index.duckdb');
    const old = join(duck.stateDir, 'old.duckdb');
    const database = await duckdb.open(':memory:');
    const connection = await duckdb.connect(database);
    try {
      await duckdb.query(connection, `ATTACH '${base}' AS src (READ_ONLY); ATTACH '${old}' AS dst (BLOCK_SIZE 16384)`);
      await duckdb.query(connection, 'COPY FROM DATABASE src TO dst; DETACH src; CHECKPOINT dst; DETACH dst');
    } finally {
      duckdb.disconnect_sync(connection);
      duckdb.close_sync(database);
    }
    rmSync(base);
    renameSync(old, base);
    expect(storageNumber(base)).toBeLessThan(
      await numberFor(duck.repoRoot, `(STORAGE_VERSION '${INDEX_STORAGE_VERSION}')`),
    );
    expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
    await indexWith(duckdbBackend, duck, 'incremental', [CHANGED], [], { changed: ['app/core.py'] });
    await indexWith(memoryBackend, reference, 'incremental', [CHANGED], [], { changed: ['app/core.py'] });
    expect(storageNumber(join(duck.stateDir, 'index.overlay.duckdb'))).toBeGreaterThan(storageNumber(base));
    expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
  });
});
