/**
 * A small run of ordinary files is analyzed in a thread that is handed the bytes and hashes the indexing thread read
 * for its hazard check (`analysis-pool.ts`' `analysisPlan`, `AnalysisTask.content`): the thread neither reads its files
 * again nor loads `node:crypto` (nor `node:perf_hooks` / `node:timers/promises`) — issue 12, session 23.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../src/analyzers/registry.js';
import { analysisPlan } from '../../src/core/analysis-pool.js';
import { HAZARD_BYTES } from '../../src/core/analysis-protocol.js';
import { analyzeFile, hashContent } from '../../src/core/analyze-file.js';
import { loadAnalyzers } from '../../src/core/analyzer.js';

describe('the content a thread is handed', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-content-'));
    writeFileSync(join(root, 'a.py'), 'def alpha():\n    return 1\n');
    writeFileSync(join(root, 'b.py'), 'def beta():\n    return 2\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("gives a thread every readable file's bytes and hash, and a process none", () => {
    const tasks = ['a.py', 'b.py', 'gone.py'].map((path) => ({ path, mtimeMs: 0, bytes: 30 }));
    const plan = analysisPlan(root, tasks, undefined, 'auto');
    expect(plan.host).toBe('thread');
    expect(plan.tasks.map((task) => task.path)).toEqual(['a.py', 'b.py', 'gone.py']);
    for (const task of plan.tasks.slice(0, 2)) {
      const bytes = readFileSync(join(root, task.path));
      expect(Buffer.from(task.content!.bytes).equals(bytes)).toBe(true);
      expect(task.content!.hash).toBe(hashContent(bytes));
    }
    expect(plan.tasks[2]!.content).toBeUndefined(); // unreadable: the thread reports it
    expect(analysisPlan(root, tasks, undefined, 'process')).toEqual({ workers: 1, host: 'process', tasks });
    writeFileSync(join(root, 'big.py'), `x = 1\n${'#'.repeat(HAZARD_BYTES)}\n`);
    const hazardous = [...tasks, { path: 'big.py', mtimeMs: 0, bytes: HAZARD_BYTES + 7 }];
    expect(analysisPlan(root, hazardous, undefined, 'auto')).toEqual({ workers: 1, host: 'process', tasks: hazardous });
  });

  it('analyzes the bytes it is handed, with their hash, not the file on disk', async () => {
    await loadAnalyzers(ANALYZERS, ['a.py']);
    const bytes = new TextEncoder().encode('def gamma():\n    return 3\n');
    const outcome = analyzeFile(root, { path: 'a.py', mtimeMs: 5, content: { bytes, hash: 'h' } }, ANALYZERS);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.analyzed.file).toMatchObject({ path: 'a.py', hash: 'h', size: bytes.length, mtimeMs: 5 });
    expect(outcome.analyzed.analysis.symbols.map((symbol) => symbol.name)).toEqual(['a', 'gamma']); // the module and its one function
  });

  it('runs a one-file index: no hash, clock or timer module in its analysis thread, no child_process (built CLI)', () => {
    const state = mkdtempSync(join(tmpdir(), 'codira-content-state-'));
    const list = join(state, 'thread-modules.json');
    const mainList = join(state, 'main-modules.json');
    const preload = join(state, 'modules.cjs');
    writeFileSync(
      preload,
      `const { isMainThread } = require('node:worker_threads');
const file = isMainThread ? ${JSON.stringify(mainList)} : ${JSON.stringify(list)};
process.on('exit', () => require('node:fs').writeFileSync(file, JSON.stringify(process.moduleLoadList)));\n`,
    );
    try {
      const cli = join(import.meta.dirname, '..', '..', 'bin', 'codira.js');
      const index = (): string => {
        const run = spawnSync(
          process.execPath,
          ['-r', preload, cli, 'index', '--path', root, '--output-dir', join(state, 'out'), '--backend', 'sqlite'],
          { encoding: 'utf8', env: { ...process.env, CODIRA_WAIT_FOR_ANALYSIS: '1' } },
        );
        expect(run.status, run.stderr).toBe(0);
        return run.stdout;
      };
      index();
      writeFileSync(join(root, 'a.py'), 'def alpha():\n    return 1\n\n\ndef delta():\n    return 4\n');
      expect(index()).toMatch(/1 indexed/);
      const modules = JSON.parse(readFileSync(list, 'utf8')) as string[];
      expect(modules).toContain('NativeModule worker_threads'); // the list is the thread's
      expect(modules.filter((name) => /^NativeModule (crypto|perf_hooks|timers\/promises)$/.test(name))).toEqual([]);
      // Nor does the indexing thread load node:child_process for a run without an analysis process.
      const main = JSON.parse(readFileSync(mainList, 'utf8')) as string[];
      expect(main).toContain('NativeModule worker_threads');
      expect(main.filter((name) => name === 'NativeModule child_process')).toEqual([]);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  }, 60_000);
});
