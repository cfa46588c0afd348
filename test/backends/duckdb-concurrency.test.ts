/**
 * A reader opened before or during a full re-index sees the old or the new index, never an error or a half index:
 * step by step within one process, and with a separate reader process hammering the file while re-indexes run.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import type { ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { dumpIndex, type IndexDump } from '../support/dump.js';
import { FAILED, baseTree, indexWith, metaFor, syntheticTree, tempLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function where(label: string): StoreLocation {
  const location = tempLocation(label);
  cleanup.push(location.repoRoot);
  return location;
}

async function freshDump(location: StoreLocation): Promise<IndexDump> {
  const reader = await duckdbBackend.openReader(location);
  try {
    return await dumpIndex(reader);
  } finally {
    await reader.close();
  }
}

describe('duckdb: readers during a full re-index', () => {
  it('see the old index at every step before commit and the new one after, including a reader held open', async () => {
    const location = where('steps');
    await indexWith(duckdbBackend, location, 'full', baseTree(), [FAILED]);
    const old = await freshDump(location);
    const held: ReadSession = await duckdbBackend.openReader(location);
    try {
      const next = syntheticTree(30);
      const session = await duckdbBackend.beginIndexSession({
        location,
        mode: 'full',
        meta: metaFor(duckdbBackend),
        paths: { changed: next.map((f) => f.file.path), deleted: [], reused: [] },
      });
      await session.prepare();
      expect(await freshDump(location)).toEqual(old);
      await session.persist(next.slice(0, 10));
      expect(await freshDump(location)).toEqual(old);
      await session.persist(next.slice(10));
      await session.recordFailures([]);
      expect(await dumpIndex(held)).toEqual(old);
      await session.rebuildDerived();
      expect(await freshDump(location)).toEqual(old);
      await session.commit();
      await session.close();
      const replaced = await freshDump(location);
      expect(replaced.symbols).toHaveLength(600);
      expect(replaced.failures).toEqual([]);
      // The reader opened before the swap keeps reading the old file it holds open.
      expect(await dumpIndex(held)).toEqual(old);
    } finally {
      await held.close();
    }
  });

  it('never fail or see a partial index from another process while full re-indexes replace the file', async () => {
    const location = where('process');
    const small = syntheticTree(40, 1);
    const large = syntheticTree(120, 7);
    await indexWith(duckdbBackend, location, 'full', small, [], undefined, 16);
    const stopFile = join(location.repoRoot, 'stop');
    const path = join(location.stateDir, 'index.duckdb');
    const script = `
      import duckdb from '@duckdb/node-bindings';
      import { existsSync } from 'node:fs';
      const counts = {}; const errors = [];
      let reads = 0;
      while (!existsSync(${JSON.stringify(stopFile)}) || reads < 5) {
        try {
          const config = duckdb.create_config();
          duckdb.set_config(config, 'access_mode', 'READ_ONLY');
          const db = await duckdb.open(${JSON.stringify(path)}, config);
          const connection = await duckdb.connect(db);
          const result = await duckdb.query(connection,
            'SELECT (SELECT count(*) FROM symbols)::INTEGER, (SELECT count(*) FROM calls)::INTEGER, (SELECT count(*) FROM meta)::INTEGER');
          const chunk = duckdb.result_get_chunk(result, 0);
          const values = [0, 1, 2].map((c) => new Int32Array(duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, c), 4).buffer.slice(0))[0]);
          counts[values.join('/')] = (counts[values.join('/')] ?? 0) + 1;
          duckdb.disconnect_sync(connection);
          duckdb.close_sync(db);
        } catch (error) {
          errors.push(String(error.message ?? error));
        }
        reads++;
      }
      process.stdout.write(JSON.stringify({ counts, errors, reads }));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let round = 0; round < 6; round++) {
      await indexWith(duckdbBackend, location, 'full', round % 2 === 0 ? large : small, [], undefined, 16);
    }
    writeFileSync(stopFile, '');
    expect(await exited).toBe(0);
    const { counts, errors, reads } = JSON.parse(output) as {
      counts: Record<string, number>;
      errors: string[];
      reads: number;
    };
    expect(errors).toEqual([]);
    expect(reads).toBeGreaterThanOrEqual(5);
    expect(Object.keys(counts).every((key) => key === '800/1200/1' || key === '2400/3600/1')).toBe(true);
  });
});
