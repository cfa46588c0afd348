/**
 * Two `codira index` runs at once on one index (an incremental run and a `--full` run), on every backend. This is not
 * a supported way to run codira (storage-backends.md: the last publish wins; a SQLite incremental run may lose its
 * file to the full run's publish), but it must never hang, print a stack trace or leave a broken index: each run
 * either completes or fails in one line with exit code 2, and the index answers queries afterwards and is brought up
 * to date by the next run.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../support/backends.js';
import { BIN, isOneLineError, runCli, type CliRun } from './unprivileged.js';

const FILES = 40;

function finish(args: readonly string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    }),
  );
}

describe('two index runs at once', () => {
  let root: string;
  let repo: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-concurrent-'));
    repo = join(root, 'repo');
    mkdirSync(repo);
    for (let i = 0; i < FILES; i++) writeFileSync(join(repo, `m${i}.py`), `def f${i}():\n    return f${i + 1}()\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: an incremental and a full run at once never hang or break the index`, async () => {
      const common = ['--path', repo, '--output-dir', join(root, `out-${backend}`), '--backend', backend];
      expect(runCli(['index', ...common]).status).toBe(0);
      for (let round = 0; round < 3; round++) {
        appendFileSync(join(repo, `m${round}.py`), `\ndef extra_${backend}_${round}():\n    return 0\n`);
        const runs = await Promise.all([finish(['index', ...common]), finish(['index', '--full', ...common])]);
        for (const run of runs) {
          expect(run.signal).toBeNull();
          if (run.status !== 0) expect([run.status, isOneLineError(run)]).toEqual([2, true]);
        }
        // Whatever happened, the index answers, and the next run completes and knows every function.
        expect(runCli(['symlist', '--limit', '1', ...common]).status).toBe(0);
        expect(runCli(['index', ...common]).status).toBe(0);
        const sym = runCli(['sym', `extra_${backend}_${round}`, '--json', ...common]);
        expect([sym.status, sym.stdout.includes(`m${round}.py`)]).toEqual([0, true]);
      }
    });
  }
});
