/**
 * A one-shot `codira index` from the index bundle ends its process with `process.exit()` once the command returned
 * (its index committed and published) and stdout is flushed, and the DuckDB writer leaves its connection's release to
 * that exit (issue 12, session 24) — but only when nothing else needs the process: not while a child process is
 * alive (a measurement waits for its analysis processes, `CODIRA_WAIT_FOR_ANALYSIS`), not under `--cpu-prof`. The
 * published index is whole either way: a one-file run answers as a full index of the same tree, on every backend.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureRepo, FIXTURE_FILES, type FixtureRepo } from '../support/fixture-repo.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'codira.js');
const LEFT = 'duckdb write session left to the exit';

/**
 * Preloaded into the launcher's process (`--require`): reports a `process.exit()` call, and with `HOLD_CHILD` set
 * starts a child process that outlives the index run (as an analysis process a measurement waits for).
 */
const PROBE = `
if (require('node:worker_threads').isMainThread) {
  const exit = process.exit;
  process.exit = function (code) {
    require('node:fs').writeSync(2, 'EXIT-CALLED\\n');
    return exit.call(this, code);
  };
  if (process.env.HOLD_CHILD === '1') {
    require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)'], {
      stdio: 'ignore',
      env: { PATH: process.env.PATH },
    });
  }
}
`;

describe('index process ended at the command', () => {
  let repo: FixtureRepo;
  let scratch: string;
  let probe: string;
  let edits = 0;

  /** Run the launcher on the fixture repository's index of `label`. */
  const codira = (label: string, backend: string, args: readonly string[], env: Record<string, string> = {}) => {
    const run = spawnSync(
      process.execPath,
      [
        ...(env['PROFILE_DIR'] ? ['--cpu-prof', `--cpu-prof-dir=${env['PROFILE_DIR']}`] : []),
        BIN,
        ...args,
        '--path',
        repo.root,
        '--output-dir',
        join(scratch, label),
        '--backend',
        backend,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, CODIRA_TRACE: '1', NODE_OPTIONS: `--require ${probe}`, ...env },
      },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  /** Edit one file of the repository (a new function), so the next run is a one-file incremental run. */
  const edit = (): void => {
    edits += 1;
    repo.write('shop/cart.py', `${FIXTURE_FILES['shop/cart.py']}\n\ndef added_${edits}():\n    return ${edits}\n`);
  };
  /** What every backend answers identically: the symbol list and the call graph of the fixture. */
  const answers = (label: string, backend: string): string[] =>
    [
      ['symlist', '--json'],
      ['calls', 'shop.cart.Cart.add', '--json'],
      ['audit', '--json'],
    ].map((question) => {
      const run = codira(label, backend, question);
      expect(run.status).toBe(0);
      return run.stdout;
    });

  beforeAll(() => {
    repo = createFixtureRepo();
    scratch = mkdtempSync(join(tmpdir(), 'codira-index-exit-'));
    probe = join(scratch, 'probe.cjs');
    writeFileSync(probe, PROBE);
  });
  afterAll(() => {
    repo.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('exits at the command after a one-file run, with the index published whole (DuckDB left to the exit)', () => {
    for (const backend of ['duckdb', 'sqlite']) {
      expect(codira(backend, backend, ['index', '--full']).status).toBe(0);
    }
    edit();
    for (const backend of ['duckdb', 'sqlite']) {
      const run = codira(backend, backend, ['index', '--json']);
      expect({ backend, status: run.status }).toEqual({ backend, status: 0 });
      expect((JSON.parse(run.stdout) as { mode: string; indexed: number }).indexed).toBe(1);
      expect({ backend, exit: run.stderr.includes('EXIT-CALLED'), left: run.stderr.includes(LEFT) }).toEqual({
        backend,
        exit: true,
        left: backend === 'duckdb',
      });
      // Nothing staged, spilled or half-written is left beside the published files.
      expect(readdirSync(join(scratch, backend, '.codira')).filter((name) => /tmp|spill|wal/i.test(name))).toEqual([]);
    }
    // A full index of the same tree, its process ended as usual (`--cpu-prof`): the same answers on both backends.
    const dir = join(scratch, 'profiles');
    expect(codira('reference', 'duckdb', ['index', '--full'], { PROFILE_DIR: dir }).status).toBe(0);
    const reference = answers('reference', 'duckdb');
    expect(answers('duckdb', 'duckdb')).toEqual(reference);
    expect(answers('sqlite', 'sqlite')).toEqual(reference);
  });

  it('does not exit at the command while a child process is alive; the run still completes', () => {
    expect(codira('held', 'duckdb', ['index', '--full']).status).toBe(0);
    edit();
    const run = codira('held', 'duckdb', ['index', '--json'], { HOLD_CHILD: '1' });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('EXIT-CALLED');
    expect(answers('held', 'duckdb')[0]).toContain(`added_${edits}`);
  });

  it('does not exit at the command under --cpu-prof: the writer closes, and every thread writes its profile', () => {
    const dir = join(scratch, 'profiled');
    expect(codira('profiled', 'duckdb', ['index', '--full']).status).toBe(0);
    edit();
    const run = codira('profiled', 'duckdb', ['index', '--json'], { PROFILE_DIR: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('EXIT-CALLED');
    expect(run.stderr).not.toContain(LEFT);
    // The launcher's process and its analysis thread.
    expect(readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).length).toBeGreaterThanOrEqual(2);
  });
});
