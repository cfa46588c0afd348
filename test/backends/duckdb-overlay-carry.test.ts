/**
 * An overlay run carries the previous overlay's rows of the paths it does not touch. When every file of the previous
 * overlay is one of the run's paths (the edit loop on one file), it issues no carry statement for the tables keyed by
 * file, nor for failures when the previous overlay has none; answers stay those of the memory reference either way.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { NativeWriteConnection } from '../../src/backends/duckdb/duckdb-native.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import { FAILED, baseTree, file, indexWith, neutralDump, trackedLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A version of `app/core.py` with one more function.
 *
 * @param seed - Distinguishes the versions.
 * @returns The analyzed file.
 */
function core(seed: number) {
  return file(
    'app/core.py',
    [
      ['app.core', 'module', 1],
      [`app.core.added_${seed}`, 'function', 3, 'Doc.'],
    ],
    [],
    [],
    [],
    seed,
  );
}

const OTHER = file('app/other_new.py', [
  ['app.other_new', 'module', 1],
  ['app.other_new.helper', 'function', 2, null],
]);

/** Statements an overlay run sends that carry the previous overlay's file rows or failures. */
const CARRY = /INSERT INTO overlay\.(files|symbols|calls|refs|findings|failures) SELECT \* FROM previous\./;

describe('duckdb overlay: carrying the previous overlay', () => {
  it('leaves out the file-keyed carry statements when the previous overlay holds only the run paths', async () => {
    const duck = trackedLocation(cleanup, 'carry');
    const reference = trackedLocation(cleanup, 'carry-ref');
    const sent: string[] = [];
    const run = NativeWriteConnection.prototype.run;
    vi.spyOn(NativeWriteConnection.prototype, 'run').mockImplementation(function (this: NativeWriteConnection, sql) {
      sent.push(sql);
      return run.call(this, sql);
    });
    const both = async (mode: 'full' | 'incremental', files: Parameters<typeof indexWith>[3], changed?: string[]) => {
      const paths = changed ? { changed } : undefined;
      await indexWith(duckdbBackend, duck, mode, files, [], paths);
      await indexWith(memoryBackend, reference, mode, files, [], paths);
    };
    await both('full', baseTree());
    await both('incremental', [core(1)], ['app/core.py']);
    sent.length = 0;
    await both('incremental', [core(2)], ['app/core.py']); // the same path again: nothing to carry
    expect(sent.join('\n')).toMatch(/INSERT INTO overlay\.removed_files SELECT id FROM previous\.removed_files/);
    expect(sent.join('\n')).not.toMatch(CARRY);
    expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
    sent.length = 0;
    await both('incremental', [OTHER], ['app/other_new.py']); // another path: app/core.py is carried
    expect(sent.join('\n')).toMatch(/INSERT INTO overlay\.symbols SELECT \* FROM previous\.symbols/);
    expect(sent.join('\n')).not.toMatch(/INSERT INTO overlay\.failures SELECT/);
    expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
  });

  it('carries the previous overlay failures and the rows of files it does not touch', async () => {
    const duck = trackedLocation(cleanup, 'carry-fail');
    const reference = trackedLocation(cleanup, 'carry-fail-ref');
    const all = baseTree();
    await indexWith(duckdbBackend, duck, 'full', all);
    await indexWith(memoryBackend, reference, 'full', all);
    const broken = [FAILED.file.path];
    await indexWith(duckdbBackend, duck, 'incremental', [], [FAILED], { changed: broken });
    await indexWith(memoryBackend, reference, 'incremental', [], [FAILED], { changed: broken });
    for (const seed of [3, 4]) {
      await indexWith(duckdbBackend, duck, 'incremental', [core(seed)], [], { changed: ['app/core.py'] });
      await indexWith(memoryBackend, reference, 'incremental', [core(seed)], [], { changed: ['app/core.py'] });
      const dump = await neutralDump(duckdbBackend, duck);
      expect(dump.failures).toHaveLength(1);
      expect(dump).toEqual(await neutralDump(memoryBackend, reference));
    }
  });
});
