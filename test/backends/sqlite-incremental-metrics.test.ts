/**
 * SQLite's incremental metrics and kept calls (issue 12, session 25): fan-in by difference (stored − removed callers +
 * the run's callers, counted in full only for a re-targeted symbol), the stored calls a re-analysed file keeps when
 * they lead its new ones, and new edges written with their hint's prior target. After each edit of a sequence the
 * incremental index must read back exactly like a fresh full index of the same tree (symbols with their fan-in and
 * fan-out, edges in read order).
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoreLocation } from '../../src/core/contracts.js';
import { index, loadBackend } from '../support/backends.js';
import { dumpAt } from '../support/dump.js';

const scratch = mkdtempSync(join(tmpdir(), 'codira-sqlite-metrics-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Write a module of helpers that call each other, and caller modules that call them many times.
 *
 * @param root - The folder to write them into.
 */
function writeTree(root: string): void {
  const util = ['def helper(x):\n    return x\n', 'def other(x):\n    return helper(x) + helper(x)\n'];
  for (let i = 0; i < 8; i++) util.push(`def f${i}(x):\n    return other(helper(x))\n`);
  writeFileSync(join(root, 'util.py'), util.join('\n'));
  for (const name of ['a', 'b', 'c']) {
    const lines = ['from util import helper, other\n'];
    for (let i = 0; i < 6; i++) lines.push(`def ${name}${i}(x):\n    return helper(x) + other(x)\n`);
    writeFileSync(join(root, `${name}.py`), lines.join('\n'));
  }
}

/** Edits applied one after the other. */
const EDITS: readonly { readonly label: string; readonly apply: (root: string) => void }[] = [
  { label: 'a comment appended', apply: (root) => appendFileSync(join(root, 'util.py'), '# a comment\n') },
  {
    label: 'a function appended that calls the helpers',
    apply: (root) => appendFileSync(join(root, 'util.py'), '\ndef added(x):\n    return helper(other(x))\n'),
  },
  {
    label: 'a line inserted at the top (every call moves)',
    apply: (root) => writeFileSync(join(root, 'util.py'), `import os\n${readFileSync(join(root, 'util.py'), 'utf8')}`),
  },
  {
    label: 'the helper renamed (the callers in other files re-target)',
    apply: (root) =>
      writeFileSync(
        join(root, 'util.py'),
        readFileSync(join(root, 'util.py'), 'utf8').replace('def helper(', 'def renamed_helper('),
      ),
  },
  {
    label: 'renamed back',
    apply: (root) =>
      writeFileSync(
        join(root, 'util.py'),
        readFileSync(join(root, 'util.py'), 'utf8').replace('def renamed_helper(', 'def helper('),
      ),
  },
  { label: 'a caller file deleted', apply: (root) => rmSync(join(root, 'b.py')) },
  {
    label: 'a call removed from a caller file',
    apply: (root) =>
      writeFileSync(join(root, 'a.py'), readFileSync(join(root, 'a.py'), 'utf8').replace('helper(x) + other(x)', 'x')),
  },
];

describe('SQLite incremental metrics', () => {
  it('equal a fresh full index after each edit', async () => {
    const backend = await loadBackend('sqlite');
    const root = join(scratch, 'tree');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    writeTree(root);
    const incremental: StoreLocation = { repoRoot: root, stateDir: join(scratch, 'incremental') };
    await index(backend, incremental, true);
    const first = await dumpAt(backend, incremental);
    expect(first.symbols.some((s) => (s as { fanIn?: number }).fanIn === 27)).toBe(true); // helper: 27 callers
    for (const [n, edit] of EDITS.entries()) {
      edit.apply(root);
      expect((await index(backend, incremental)).mode, edit.label).toBe('incremental');
      const fresh: StoreLocation = { repoRoot: root, stateDir: join(scratch, `full-${n}`) };
      await index(backend, fresh, true);
      expect(await dumpAt(backend, incremental), edit.label).toEqual(await dumpAt(backend, fresh));
    }
  });
});
