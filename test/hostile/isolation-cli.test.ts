/**
 * Isolation through the real CLI, on every backend, in the smallest run there is: one changed file whose analysis
 * hangs or exhausts its heap (an ordinary-looking file: analyzed on a thread), or crashes its process with a real
 * SIGSEGV (under `$CODIRA_ISOLATION=process`, or in a file that looks hazardous, which a run always gives a process).
 * Faults come from `CODIRA_TEST_ANALYZE_FAULT`, a test-only hook of the analysis thread. The run completes, reports
 * the file as failed with the reason, commits everything else, and the next healthy run indexes the file.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../support/backends.js';
import { runCli } from './unprivileged.js';

const FAULTS = [
  { fault: 'hang', reason: 'timeout', env: { CODIRA_FILE_TIMEOUT_MS: '1500' }, deep: false },
  { fault: 'allocate', reason: 'too large', env: { CODIRA_FILE_MEMORY_MB: '64' }, deep: false },
  { fault: 'segfault', reason: 'parser crashed', env: { CODIRA_ISOLATION: 'process' }, deep: false },
  // Brackets nested over 200 deep: the run picks a process on its own.
  { fault: 'segfault', reason: 'parser crashed', env: {}, deep: true },
] as const;

describe('isolation of a one-file run through the CLI', () => {
  let root: string;
  let repo: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-isolation-cli-'));
    repo = join(root, 'repo');
    mkdirSync(repo);
    writeFileSync(join(repo, 'first.py'), 'def first():\n    return 1\n');
    writeFileSync(join(repo, 'second.py'), 'def second():\n    return first()\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: a crash, a hang and a memory hog in the only changed file cost that file alone`, () => {
      const common = ['--path', repo, '--output-dir', join(root, `out-${backend}`), '--backend', backend];
      const codira = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli([...args, ...common], { env });
      expect(codira(['index']).status).toBe(0);
      const ordinary = join(repo, `ordinary_${backend}.py`);
      for (const { fault, reason, env, deep } of FAULTS) {
        appendFileSync(
          ordinary,
          `def ${fault}():\n    return ${deep ? `${'['.repeat(300)}${']'.repeat(300)}` : '0'}\n`,
        );
        const run = codira(['index', '--json'], {
          ...env,
          CODIRA_TEST_ANALYZE_FAULT: `${fault}:ordinary_${backend}.py`,
        });
        expect([run.status, run.stderr]).toEqual([0, '']);
        const report = JSON.parse(run.stdout) as { mode: string; indexed: number; failed: unknown[] };
        expect([report.mode, report.indexed, report.failed]).toEqual([
          'incremental',
          0,
          [{ path: `ordinary_${backend}.py`, reason }],
        ]);
        // The rest of the index was committed and answers.
        const sym = codira(['sym', 'first', '--json']);
        expect(sym.status).toBe(0);
        expect(sym.stdout).toContain('first.py');
      }
      // The failure is stored: an unchanged file is not retried; a healthy run indexes it once it changes.
      expect(JSON.parse(codira(['index', '--json']).stdout)).toMatchObject({ mode: 'noop' });
      appendFileSync(ordinary, '\n');
      expect(JSON.parse(codira(['index', '--json']).stdout)).toMatchObject({ indexed: 1, failed: [] });
      expect(codira(['sym', 'allocate', '--json']).stdout).toContain(`ordinary_${backend}.py`);
    });
  }
});
