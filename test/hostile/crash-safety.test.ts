/**
 * Crash safety of the write path, on every backend: `codira index` (full and incremental) is killed with SIGKILL at
 * points spread over the whole run, from start-up through analysis, persisting, derived state and publication. After
 * every kill the index answers exactly as before the run (or exactly as after it, when the kill came after the
 * commit), the next `index` completes with the new answers, and no temporary file of the dead run is left behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { dumpIndex } from '../support/dump.js';
import { listWithoutSnapshot } from '../support/state-dir.js';
import { BIN } from './unprivileged.js';

/** Files per tree: enough for a run to last long enough to be killed in each of its phases. */
const FILES = 120;

/**
 * Write one of the two trees the runs alternate between: the second renames half the functions and adds calls.
 *
 * @param root - Repository folder.
 * @param version - Which tree.
 */
function writeTree(root: string, version: 0 | 1): void {
  for (let i = 0; i < FILES; i++) {
    const name = version === 1 && i % 2 === 0 ? `renamed_${i}` : `f_${i}`;
    const lines = [`"""Module ${i}."""`, '', `def ${name}(value):`, `    """Function ${i}."""`];
    lines.push(version === 1 ? `    return helper_${i}(value)` : '    return value', '');
    for (let j = 0; j < 20; j++) lines.push(`def helper_${i}_${j}(value):`, `    return value + ${j}`, '');
    lines.push(`def helper_${i}(value):`, '    return value', '');
    writeFileSync(join(root, `mod_${String(i).padStart(3, '0')}.py`), lines.join('\n'));
  }
}

/**
 * Every fact the index answers (the whole dump), as a digest so failures stay readable. Modification times are left
 * out: the trees are rewritten before each run, so they differ even where the content is the same.
 *
 * @param backend - The backend.
 * @param location - The index.
 * @returns A SHA-256 digest of the dump.
 */
async function answers(backend: BackendFactory, location: StoreLocation): Promise<string> {
  const reader = await backend.openReader(location);
  const dump = await dumpIndex(reader).finally(() => reader.close());
  const files = dump.files.map((file) => ({ ...(file as object), mtimeMs: 0 }));
  return createHash('sha256')
    .update(JSON.stringify({ ...dump, files }))
    .digest('hex');
}

/**
 * Start `codira index` and SIGKILL it after a delay.
 *
 * @param args - Arguments after `index`.
 * @param delayMs - When to kill it.
 * @returns Whether it was still running when killed.
 */
function killAfter(args: readonly string[], delayMs: number): Promise<boolean> {
  const child = spawn(process.execPath, [BIN, 'index', ...args], { stdio: 'ignore' });
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.exitCode === null && child.signalCode === null;
      child.kill('SIGKILL');
    }, delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(killed);
    });
  });
}

for (const backend of TEST_BACKENDS) {
  describe(`crash safety (${backend})`, () => {
    let root: string;
    let factory: BackendFactory;
    let location: StoreLocation;
    const snapshots: string[] = [];
    let runMs = 0;

    beforeAll(async () => {
      factory = await loadBackend(backend);
      root = mkdtempSync(join(tmpdir(), 'codira-crash-'));
      location = { repoRoot: root, stateDir: join(root, 'out', '.codira') };
      // The answers of both trees, then the time a whole CLI run takes, to spread the kills over it.
      writeTree(root, 1);
      await index(factory, location);
      snapshots[1] = await answers(factory, location);
      writeTree(root, 0);
      const started = Date.now();
      expect(await killAfter(['--path', root, '--output-dir', join(root, 'out'), '--backend', backend], 600_000)).toBe(
        false,
      );
      runMs = Date.now() - started;
      snapshots[0] = await answers(factory, location);
      expect(snapshots[0]).not.toBe(snapshots[1]);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('answers exactly the old or the new index after a SIGKILL anywhere in a run, and the next run completes', async () => {
      let committed = 0; // the version the index holds
      let killedWhileRunning = 0;
      const fractions = [0.1, 0.25, 0.45, 0.65, 0.8, 1.0];
      for (const [i, fraction] of fractions.entries()) {
        const next = (1 - committed) as 0 | 1;
        writeTree(root, next);
        const args = ['--path', root, '--output-dir', join(root, 'out'), '--backend', backend];
        if (i % 2 === 1) args.push('--full');
        if (await killAfter(args, Math.round(runMs * fraction))) killedWhileRunning++;
        const seen = await answers(factory, location);
        expect([snapshots[committed], snapshots[next]], `killed at ${fraction} of a run`).toContain(seen);
        const report = await index(factory, location);
        expect(report.failed).toEqual([]);
        expect(await answers(factory, location)).toBe(snapshots[next]);
        committed = next;
        // Nothing of the dead run is left: only the store files remain.
        const store = factory.storeFiles(location).map((path) => basename(path));
        expect(listWithoutSnapshot(location.stateDir).filter((name) => !store.includes(name))).toEqual([]);
      }
      // Kills hit live runs (the later ones may land after a run finished: timings vary with the machine's load).
      expect(killedWhileRunning).toBeGreaterThanOrEqual(2);
      // No analysis process outlives its killed run (they check their channel to the pool every second).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const orphans = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes('analysis-process') && line.includes(JSON.stringify(root)));
      expect(orphans).toEqual([]);
    });
  });
}
