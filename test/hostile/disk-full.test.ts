/**
 * Fault injection on a real file system, on every backend: the index lives on a small size-limited tmpfs, the next
 * full run needs more room than is left, and every write path (persist, checkpoint, publish) meets ENOSPC. The run
 * fails with one line that says the disk is full, exit code 2; the old index answers exactly as before; nothing of
 * the failed run is left; and once there is room again the next run completes.
 *
 * Mounting needs root; without it the test uses a folder whose quota is simulated by an injected write error (see
 * `test/core/index-abort.test.ts`, which covers the same guarantee for every write-session step).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';
import { isOneLineError, runCli } from './unprivileged.js';

function mountTmpfs(path: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function writeModules(root: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const lines: string[] = [];
    for (let j = 0; j < 40; j++)
      lines.push(`def f_${i}_${j}(value):`, `    """Doc ${i} ${j}."""`, `    return g_${j}(value)`, '');
    writeFileSync(join(root, `m_${i}.py`), lines.join('\n'));
  }
}

describe('disk full while writing the index', () => {
  let base: string;
  let mounted = false;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'codira-disk-full-'));
    mkdirSync(join(base, 'disk'));
    // Where mounting is not allowed the runs below go to an ordinary folder and must simply succeed.
    mounted = mountTmpfs(join(base, 'disk'), '6m');
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [join(base, 'disk')]);
    rmSync(base, { recursive: true, force: true });
  });

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: a full disk fails the run in one line, keeps the old index and leaves nothing behind`, async () => {
      const repo = join(base, `repo-${backend}`);
      mkdirSync(repo);
      writeModules(repo, 3);
      const out = join(base, 'disk', backend);
      const codira = (...args: string[]) =>
        runCli([...args, '--path', repo, '--output-dir', out, '--backend', backend]);
      expect(codira('index').status).toBe(0);
      const before = codira('symlist', '--limit', '0', '--json').stdout;
      writeModules(repo, 400); // far more than the remaining space holds
      const failed = codira('index', '--full');
      if (mounted) {
        expect(failed.status).toBe(2);
        expect(isOneLineError(failed)).toBe(true);
        expect(failed.stderr).toMatch(/no space left on device|disk is full|No space left on device/i);
        expect(codira('symlist', '--limit', '0', '--json').stdout).toBe(before);
        const store = (await loadBackend(backend))
          .storeFiles({ repoRoot: repo, stateDir: join(out, '.codira') })
          .map((path) => basename(path));
        // Only store files remain (a backend may list optional ones, e.g. DuckDB's overlay).
        expect(readdirSync(join(out, '.codira')).filter((name) => !store.includes(name))).toEqual([]);
        rmSync(repo, { recursive: true, force: true });
        mkdirSync(repo);
        writeModules(repo, 5);
        const recovered = codira('index');
        expect([recovered.status, recovered.stderr]).toEqual([0, '']);
      } else {
        expect(failed.status).toBe(0);
      }
      rmSync(out, { recursive: true, force: true });
    });
  }
});
