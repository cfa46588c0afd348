/**
 * What an overlay run asks DuckDB (session 20): the usual one-file edit creates no views and no scratch tables, looks
 * up no barrel holders when the touched keys have none, and reads both files' versions and counts in one query; a
 * previous overlay written for another base is still ignored. Answers stay those of the memory reference.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { NativeWriteConnection } from '../../src/backends/duckdb/duckdb-native.js';
import { overlayFilePath } from '../../src/backends/duckdb/duckdb-schema.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import type { AnalyzedFile } from '../../src/core/model.js';
import { FAILED, baseTree, file, indexWith, neutralDump, trackedLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A version of `app/core.py` with `seed` added functions, calls that resolve (to the base's `app.util.clamp`, to its
 * own `run` and `Engine.start`) and one that does not, and references.
 *
 * @param seed - Number of added functions; distinguishes the versions.
 * @returns The analyzed file.
 */
function core(seed: number): AnalyzedFile {
  const added = Array.from({ length: seed }, (_, i): [string, 'function', number] => [
    `app.core.added_${i}`,
    'function',
    30 + i,
  ]);
  return file(
    'app/core.py',
    [
      ['app.core', 'module', 1],
      ['app.core.run', 'function', 3, 'Run.'],
      ['app.core.Engine', 'class', 10, null],
      ['app.core.Engine.start', 'method', 12, 'Start.'],
      ...added,
    ],
    [
      [1, 'util.clamp', 'app.util.clamp', 4],
      [1, 'Engine', '*Engine', 5],
      [3, 'run', 'app.core.run', 13],
      [3, 'nowhere', 'app.core.nowhere', 14],
    ],
    [
      [1, 'clamp', 'app.util.clamp', 6],
      [3, 'start', 'app.core.Engine.start', 15],
    ],
    [],
    seed,
  );
}

/**
 * Record every statement the DuckDB write connection sends.
 *
 * @returns The statements sent so far (cleared by the caller).
 */
function record(): string[] {
  const sent: string[] = [];
  for (const method of ['run', 'rows'] as const) {
    const original = NativeWriteConnection.prototype[method] as (sql: string) => Promise<unknown>;
    vi.spyOn(NativeWriteConnection.prototype, method).mockImplementation(function (
      this: NativeWriteConnection,
      sql: string,
    ) {
      sent.push(sql);
      return original.call(this, sql) as never;
    });
  }
  return sent;
}

describe('duckdb overlay: the statements of a one-file edit', () => {
  it('creates no view or scratch table, skips the barrel lookup, reads the stored state once', async () => {
    const duck = trackedLocation(cleanup, 'stmts');
    const reference = trackedLocation(cleanup, 'stmts-ref');
    const both = async (mode: 'full' | 'incremental', files: AnalyzedFile[], changed?: string[]) => {
      const paths = changed ? { changed } : undefined;
      await indexWith(duckdbBackend, duck, mode, files, [], paths);
      await indexWith(memoryBackend, reference, mode, files, [], paths);
      expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
    };
    const tree = baseTree().filter((f) => f.file.path !== 'app/core.py');
    await both(
      'full',
      [...tree, core(0)].sort((a, b) => (a.file.path < b.file.path ? -1 : 1)),
    );
    await both('incremental', [core(1)], ['app/core.py']);
    const sent = record();
    await both('incremental', [core(2)], ['app/core.py']); // the edit loop: the same file, one function more
    const text = sent.join('\n');
    expect(text).not.toMatch(/CREATE (TEMP )?VIEW/);
    expect(text).not.toMatch(/overlay\.(pairs|resolution|stale|affected|candidates_\w+)\b/);
    // The added function's name is in nobody's slot types: no module holder to look up.
    expect(text).not.toMatch(/AND holder IN \(/);
    expect(sent.filter((sql) => /FROM base\.meta/.test(sql))).toHaveLength(1);
    expect(sent.filter((sql) => /FROM previous\.meta/.test(sql))).toHaveLength(1);
    // The run's own edges are appended with their targets (session 24): neither read back nor updated.
    expect(text).not.toMatch(/UPDATE overlay\./);
    expect(text).not.toMatch(/FROM overlay\.(calls|refs) WHERE file_id >=/);
    // Nor is there a table of the run's paths: an overlay run names them as a literal list.
    expect(text).not.toMatch(/run_paths/);
    expect(text).toMatch(/FROM base\.files WHERE path IN \('app\/core\.py'\)/);
  });

  it('hides a base failure once its file is analyzed, with a previous overlay beside the base', async () => {
    const duck = trackedLocation(cleanup, 'fixed-failure');
    const reference = trackedLocation(cleanup, 'fixed-failure-ref');
    const both = async (mode: 'full' | 'incremental', files: AnalyzedFile[], failed: boolean, changed?: string[]) => {
      const paths = changed ? { changed } : undefined;
      const failures = failed ? [FAILED] : [];
      await indexWith(duckdbBackend, duck, mode, files, failures, paths);
      await indexWith(memoryBackend, reference, mode, files, failures, paths);
      expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
    };
    await both('full', baseTree(), true); // the base holds the failure
    await both('incremental', [core(1)], false, ['app/core.py']); // a previous overlay without it
    const fixed = file(FAILED.file.path, [['app.broken', 'module', 1]]);
    await both('incremental', [fixed], false, [FAILED.file.path]);
    expect((await neutralDump(duckdbBackend, duck)).failures).toEqual([]);
  });

  it('ignores a previous overlay written for another base', async () => {
    const duck = trackedLocation(cleanup, 'stale-overlay');
    const reference = trackedLocation(cleanup, 'stale-overlay-ref');
    const both = async (mode: 'full' | 'incremental', files: AnalyzedFile[], changed?: string[]) => {
      const paths = changed ? { changed } : undefined;
      await indexWith(duckdbBackend, duck, mode, files, [], paths);
      await indexWith(memoryBackend, reference, mode, files, [], paths);
    };
    await both('full', baseTree());
    await both('incremental', [core(1)], ['app/core.py']);
    const overlay = overlayFilePath(duck.stateDir);
    const saved = `${overlay}.saved`;
    copyFileSync(overlay, saved);
    // A new base (new generation, other handles); the overlay beside it is removed.
    await both(
      'full',
      baseTree().filter((f) => f.file.path !== 'a_b/x.py'),
    );
    copyFileSync(saved, overlay); // an overlay of the old base comes back
    const util = baseTree().find((f) => f.file.path === 'app/util.py')!;
    const edited = { ...util, file: { ...util.file, hash: 'sha-edited', size: 1 } };
    await both('incremental', [edited], ['app/util.py']);
    expect(await neutralDump(duckdbBackend, duck)).toEqual(await neutralDump(memoryBackend, reference));
  });
});
