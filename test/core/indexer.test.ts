/**
 * Pipeline properties that hold whatever the backend: determinism across runs and worker counts, and the index
 * report. Uses the memory backend (the reference).
 */
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { pythonAnalyzer } from '../../src/analyzers/python/python-analyzer.js';
import type { BackendFactory } from '../../src/core/contracts.js';
import { HAZARD_BYTES, SMALL_RUN_FILES } from '../../src/core/analysis-protocol.js';
import type { HostKind, PrestartedAnalysis } from '../../src/core/analysis-spawn.js';
import { runIndex } from '../../src/core/indexer.js';
import { dumpIndex, type IndexDump } from '../support/dump.js';
import { FIXTURE_FILES, createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { index, loadBackend } from '../support/backends.js';

describe('indexer', () => {
  let repo: FixtureRepo;
  let memory: BackendFactory;

  beforeEach(async () => {
    // Enough files that the worker pool splits them across workers in several chunks.
    const files: Record<string, string> = { ...FIXTURE_FILES };
    for (let i = 0; i < 40; i++) {
      files[`gen/mod_${String(i).padStart(2, '0')}.py`] =
        `"""Generated module ${i}."""\nfrom shop.pricing import apply_discount\n\n\ndef f${i}(x):\n    """Call the next one."""\n    return apply_discount(x, 0.${i % 10})\n`;
    }
    repo = createFixtureRepo(files);
    memory = await loadBackend('memory');
  });
  afterEach(() => repo.dispose());

  async function indexAndDump(label: string, workers: number): Promise<IndexDump> {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(label) };
    const report = await index(memory, location, true, workers);
    expect(report.indexed).toBe(45);
    expect(report.failed).toEqual([{ path: 'broken.py', reason: expect.stringMatching(/^syntax error at line 1/) }]);
    const reader = await memory.openReader(location);
    try {
      return await dumpIndex(reader);
    } finally {
      await reader.close();
    }
  }

  it('produces identical indexes on the main thread and with 1 or 2 worker threads', async () => {
    const inline = await indexAndDump('inline', 0);
    expect(await indexAndDump('one-worker', 1)).toEqual(inline);
    expect(await indexAndDump('two-workers', 2)).toEqual(inline);
    expect(
      inline.calls.filter(
        (c) => (c as { targetQualifiedName: string }).targetQualifiedName === 'shop.pricing.apply_discount',
      ),
    ).toHaveLength(41);
  });

  it('produces byte-identical snapshots on two runs', async () => {
    const first = JSON.stringify(await indexAndDump('first', 2));
    const second = JSON.stringify(await indexAndDump('second', 2));
    expect(second).toBe(first);
  });

  it('runs only the analyzers the caller passes in', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('python-only') };
    const analyzers = { all: [pythonAnalyzer], module: ANALYZER_SET.module };
    const report = await runIndex({ backend: memory, location, analyzers, full: true, workers: 0 });
    expect(report.failed.map((f) => f.path)).toEqual(['broken.py']);
    const reader = await memory.openReader(location);
    try {
      const paths = (await reader.files()).map((f) => f.path);
      expect(paths.length).toBe(report.indexed);
      expect(paths.every((path) => path.endsWith('.py'))).toBe(true);
      expect((await reader.meta()).analyzers.map((a) => a.name)).toEqual(['python']);
    } finally {
      await reader.close();
    }
  });

  it('refuses worker threads whose imported analyzers differ from the ones passed in', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('mismatch') };
    const analyzers = { all: [pythonAnalyzer], module: ANALYZER_SET.module }; // the module exports python and typescript
    await expect(runIndex({ backend: memory, location, analyzers, full: true, workers: 2 })).rejects.toThrow(
      /are not the ones the index run was given/,
    );
  });

  it('starts an analysis host early only when the plan has files to analyze', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('early-host') };
    let started = 0;
    let disposed = 0;
    const prestart = async (): Promise<PrestartedAnalysis> => {
      started++;
      return { take: () => null, available: true, dispose: () => void disposed++ };
    };
    const run = (full: boolean) =>
      runIndex({ backend: memory, location, analyzers: ANALYZER_SET, full, workers: 1, prestart });
    expect((await run(true)).mode).toBe('full');
    expect([started, disposed]).toEqual([1, 1]); // declined by the pool (`take` → null), disposed after the run
    expect((await run(false)).mode).toBe('noop');
    expect(started).toBe(1); // nothing to analyze: no host
    repo.write('gen/mod_00.py', 'def changed():\n    return 1\n');
    expect((await run(false)).indexed).toBe(1);
    expect(started).toBe(2);
    await runIndex({ backend: memory, location, analyzers: ANALYZER_SET, full: true, workers: 0, prestart });
    expect(started).toBe(2); // in-process analysis needs no host
  });

  it('starts the analysis host from the scan, before the plan, with the changed paths to preload', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('scan-start') };
    const order: string[] = [];
    const preloads: (readonly string[] | undefined)[] = [];
    const kinds: (HostKind | undefined)[] = [];
    const prestart = async (preload?: readonly string[], kind?: HostKind): Promise<PrestartedAnalysis> => {
      order.push('prestart');
      preloads.push(preload);
      kinds.push(kind);
      return { take: () => null, available: true, dispose: () => void order.push('dispose') };
    };
    const run = () =>
      runIndex({
        backend: memory,
        location,
        analyzers: ANALYZER_SET,
        workers: 1,
        prestart,
        beforeWrite: () => order.push('beforeWrite'),
      });
    expect((await run()).mode).toBe('full'); // no snapshot yet: the host starts once the plan has work
    expect([order, preloads, kinds]).toEqual([['beforeWrite', 'prestart', 'dispose'], [undefined], ['thread']]);
    order.length = 0;
    preloads.length = 0;
    kinds.length = 0;
    repo.write('gen/mod_03.py', 'def changed():\n    return 3\n');
    repo.write('gen/zz_new.py', 'def added():\n    return 4\n');
    repo.write('README.md', '# not analyzed by python\n\nChanged.\n');
    repo.remove('gen/mod_01.py');
    const report = await run();
    expect([report.mode, report.indexed, report.deleted]).toEqual(['incremental', 3, 1]);
    // Started from the scan: before the plan, which says it will write (beforeWrite) only after hashing.
    expect(order).toEqual(['prestart', 'beforeWrite', 'dispose']);
    expect(preloads).toEqual([['README.md', 'gen/mod_03.py', 'gen/zz_new.py']]);
    expect(kinds).toEqual(['thread']);
    kinds.length = 0;
    order.length = 0;
    preloads.length = 0;
    expect((await run()).mode).toBe('noop'); // a warm no-op starts nothing
    expect(order).toEqual([]);
    // Touched with the same bytes: only the plan's hash can tell, so no host starts before it (here: none at all).
    const touched = join(repo.root, 'gen/mod_05.py');
    utimesSync(touched, new Date(), new Date(statSync(touched).mtimeMs + 5000));
    expect((await run()).mode).toBe('noop');
    expect((await run()).mode).toBe('noop');
    expect(order).toEqual([]);
    // Same size, other bytes: found by the plan's hash, so the host starts after the plan.
    repo.write('gen/mod_06.py', readFileSync(join(repo.root, 'gen/mod_06.py'), 'utf8').replace('f6', 'g6'));
    expect((await run()).indexed).toBe(1);
    expect([order, preloads]).toEqual([['beforeWrite', 'prestart', 'dispose'], [undefined]]);
    order.length = 0;
    preloads.length = 0;
    kinds.length = 0;
    repo.remove('gen/mod_02.py'); // only a deletion: nothing to analyze, no host
    expect((await run()).deleted).toBe(1);
    expect(order).toEqual(['beforeWrite']);
    order.length = 0;
    // A large run (one process per core) is not one host: the host starts once the plan has work, as before.
    for (let i = 0; i < SMALL_RUN_FILES; i++) repo.write(`many/m_${i}.py`, `def m${i}():\n    return ${i}\n`);
    expect((await run()).indexed).toBe(SMALL_RUN_FILES);
    expect([order, preloads, kinds]).toEqual([['beforeWrite', 'prestart', 'dispose'], [undefined], ['process']]);
    order.length = 0;
    preloads.length = 0;
    kinds.length = 0;
    // A file over the hazard size is analyzed in a process: the host started from the scan is one.
    repo.write('big.py', `BLOB = '${'x'.repeat(HAZARD_BYTES)}'\ndef big():\n    return 1\n`);
    expect((await run()).indexed).toBe(1);
    expect([order, preloads, kinds]).toEqual([['prestart', 'beforeWrite', 'dispose'], [['big.py']], ['process']]);
  });

  it('says once before it writes, and a no-op never', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('before-write') };
    const order: string[] = [];
    const prestart = async (): Promise<PrestartedAnalysis> => {
      order.push('prestart');
      return { available: false, take: () => null, dispose: () => {} };
    };
    const run = (full: boolean) =>
      runIndex({
        backend: memory,
        location,
        analyzers: ANALYZER_SET,
        full,
        workers: 1,
        prestart,
        beforeWrite: (bytes) => {
          order.push('beforeWrite');
          sizes.push(bytes);
        },
      });
    const sizes: number[] = [];
    const bytes = treeBytes(repo.root);
    expect((await run(false)).mode).toBe('full'); // no index yet: a full run
    expect(order).toEqual(['beforeWrite', 'prestart']); // before the host starts
    // The bytes it will analyze: every file of the tree (what the CLI's optimizer hold is decided on).
    expect(sizes).toEqual([bytes]);
    expect((await run(false)).mode).toBe('noop');
    expect(order).toHaveLength(2);
    repo.remove('gen/mod_01.py'); // a run that only deletes writes too
    expect((await run(false)).deleted).toBe(1);
    expect(order).toEqual(['beforeWrite', 'prestart', 'beforeWrite']);
    expect(sizes).toEqual([bytes, 0]); // nothing left to analyze
  });
});

/**
 * The bytes of the fixture tree's source files (the ones an analyzer claims: `.py`, `.ts`), state folders left out.
 *
 * @param root - The repository root.
 * @returns Their total size.
 */
function treeBytes(root: string): number {
  let total = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(py|ts)$/.test(entry.name) && !entry.parentPath.includes('.codira')) {
      total += statSync(join(entry.parentPath, entry.name)).size;
    }
  }
  return total;
}
