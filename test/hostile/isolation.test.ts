/**
 * Isolation of analysis, on every backend: a file whose analysis crashes the process (a real SIGSEGV), loops forever,
 * exhausts its heap budget or recurses without end fails with `parser crashed`, `timeout`, `too large` or `too deep`;
 * the analysis process is replaced, every other file is indexed and committed, and the next run retries nothing. The
 * same holds for the smallest run: one ordinary-looking changed file, with the default worker count.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzerSet } from '../../src/core/analyzer.js';
import { runIndex } from '../../src/core/indexer.js';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';

const MODULE = new URL('./fixtures/hostile-analyzers.mjs', import.meta.url).href;

/** Files in the order the pool hands them out; good files sit between the bad ones. */
const FILES: Readonly<Record<string, string>> = {
  'a_good.py': 'def first():\n    return 1\n',
  'b_segfault.hostile': 'segfault\n',
  'c_good.hostile': 'fine\n',
  'd_hang.hostile': 'hang\n',
  'e_good.py': 'def middle():\n    return 2\n',
  'f_allocate.hostile': 'allocate\n',
  'g_recurse.hostile': 'recurse\n',
  'h_good.py': 'def last():\n    return 3\n',
};

const EXPECTED_FAILURES = [
  { path: 'b_segfault.hostile', reason: 'parser crashed' },
  { path: 'd_hang.hostile', reason: 'timeout' },
  { path: 'f_allocate.hostile', reason: 'too large' },
  { path: 'g_recurse.hostile', reason: 'too deep' },
];

describe('isolated analysis', () => {
  let root: string;
  let analyzers: AnalyzerSet;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'codira-isolation-'));
    for (const [path, text] of Object.entries(FILES)) writeFileSync(join(root, path), text);
    const { ANALYZERS } = (await import(MODULE)) as { ANALYZERS: AnalyzerSet['all'] };
    analyzers = { all: ANALYZERS, module: MODULE };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: a crash, a hang, a memory hog and endless recursion cost only their own files`, async () => {
      const factory = await loadBackend(backend);
      const location = { repoRoot: root, stateDir: join(root, `out-${backend}`, '.codira') };
      const options = {
        backend: factory,
        location,
        analyzers,
        workers: 2,
        limits: { fileTimeoutMs: 3000, memoryMb: 64 },
      };
      const report = await runIndex(options);
      expect(report.failed).toEqual(EXPECTED_FAILURES);
      expect(report.indexed).toBe(4);
      const reader = await factory.openReader(location);
      const symbols = await reader.listSymbols({}).finally(() => reader.close());
      expect(
        symbols
          .filter((s) => s.kind !== 'module')
          .map((s) => s.qualifiedName)
          .sort(),
      ).toEqual(['a_good.first', 'c_good.ok', 'e_good.middle', 'h_good.last']);
      // The failures are stored with the files' hashes: the next run neither retries nor crashes again.
      expect((await runIndex(options)).mode).toBe('noop');
    });
  }

  /**
   * One-file runs: by default a small run of ordinary-looking files is analyzed on a thread (time and heap budgets, a
   * large stack), so a native crash needs a process: forced with `isolation: 'process'`, or chosen by the run for a
   * file that looks hazardous (here: brackets nested over 200 deep).
   */
  const ONE_FILE_CASES = [
    { path: 'd_hang.hostile', text: 'hang\n', isolation: 'auto', reason: 'timeout' },
    { path: 'f_allocate.hostile', text: 'allocate\n', isolation: 'auto', reason: 'too large' },
    { path: 'g_recurse.hostile', text: 'recurse\n', isolation: 'auto', reason: 'too deep' },
    { path: 'b_segfault.hostile', text: 'segfault\n', isolation: 'process', reason: 'parser crashed' },
    { path: 'b_segfault.hostile', text: `segfault ${'['.repeat(300)}\n`, isolation: 'auto', reason: 'parser crashed' },
  ] as const;

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: one changed file that crashes, hangs, hogs memory or recurses fails alone in a one-file run`, async () => {
      const factory = await loadBackend(backend);
      const location = { repoRoot: root, stateDir: join(root, `small-${backend}`, '.codira') };
      // Default workers: no explicit count, so the run chooses its own isolation for one file.
      const options = { backend: factory, location, analyzers, limits: { fileTimeoutMs: 3000, memoryMb: 64 } };
      const bad = Object.keys(FILES).filter((path) => path.endsWith('.hostile') && !path.includes('good'));
      for (const path of bad) unlinkSync(join(root, path));
      try {
        expect((await runIndex(options)).failed).toEqual([]);
        for (const { path, text, isolation, reason } of ONE_FILE_CASES) {
          writeFileSync(join(root, path), text);
          const report = await runIndex({ ...options, isolation });
          expect([report.mode, report.indexed, report.failed]).toEqual(['incremental', 0, [{ path, reason }]]);
          unlinkSync(join(root, path));
        }
        // Every run committed: the good files are all there, and the last failure is recorded.
        const reader = await factory.openReader(location);
        try {
          const names = (await reader.listSymbols({})).filter((s) => s.kind !== 'module').map((s) => s.qualifiedName);
          expect(names.sort()).toEqual(['a_good.first', 'c_good.ok', 'e_good.middle', 'h_good.last']);
          expect((await reader.failures()).map((f) => [f.file.path, f.reason])).toEqual([
            ['b_segfault.hostile', 'parser crashed'],
          ]);
        } finally {
          await reader.close();
        }
      } finally {
        for (const path of bad) writeFileSync(join(root, path), FILES[path]!);
      }
    });
  }
});
