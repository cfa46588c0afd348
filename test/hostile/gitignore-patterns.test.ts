/**
 * A `.gitignore` full of odd and invalid patterns (an inverted range, an unclosed bracket, lone `\`, `!` and `/`,
 * escaped `#`, significant leading and trailing spaces, negation, `**`, invalid UTF-8, a NUL byte) never breaks a
 * run, and decides exactly what git decides: the indexed files are the ones git lists as untracked and not ignored
 * (`ls-files --others --exclude-standard`), in a git work tree and in a plain folder (where codira applies the rules
 * itself).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { runIndex } from '../../src/core/indexer.js';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';

const GITIGNORE = Buffer.concat([
  Buffer.from(
    [
      'a.py',
      '[z-a].py',
      '\\\\',
      '!',
      '/',
      '[abc',
      'b?.py',
      '#c.py',
      '\\#d.py',
      ' sp.py',
      'trail.py   ',
      '**/deep/**',
      '!keep.py',
      '*.skip.py',
      '',
    ].join('\n'),
  ),
  Buffer.from([0x78, 0xff, 0xfe, 0x2e, 0x70, 0x79, 0x0a]), // `x<invalid UTF-8>.py`
  Buffer.from('nul\0.py\n'),
]);

const FILES = ['a.py', 'b1.py', 'c.py', '#c.py', '#d.py', ' sp.py', 'trail.py', 'keep.py', 'x.skip.py', 'z.py'];
const NESTED = ['s/deep/g.py', 's/h.py', '[abc.py'];

describe('odd .gitignore patterns', () => {
  let root: string;
  let expected: string[];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-gitignore-'));
    const repo = join(root, 'git');
    mkdirSync(join(repo, 's', 'deep'), { recursive: true });
    writeFileSync(join(repo, '.gitignore'), GITIGNORE);
    for (const path of [...FILES, ...NESTED]) writeFileSync(join(repo, path), 'def f():\n    pass\n');
    execFileSync('git', ['init', '-q', repo]);
    // The oracle: the untracked files git does not ignore.
    expected = execFileSync('git', ['-C', repo, 'ls-files', '--others', '--exclude-standard', '-z'], {
      encoding: 'utf8',
    })
      .split('\0')
      .filter((path) => path.endsWith('.py'))
      .sort();
    cpSync(repo, join(root, 'plain'), { recursive: true });
    rmSync(join(root, 'plain', '.git'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('git itself ignores most of the files (the oracle is not trivial)', () => {
    expect(expected.length).toBeGreaterThan(2);
    expect(expected.length).toBeLessThan(FILES.length + NESTED.length - 3);
  });

  for (const backend of TEST_BACKENDS) {
    for (const kind of ['git', 'plain'] as const) {
      it(`${backend}, ${kind === 'git' ? 'git work tree' : 'plain folder'}: indexes what git would not ignore`, async () => {
        const repoRoot = join(root, kind);
        const location = { repoRoot, stateDir: join(root, `out-${backend}-${kind}`, '.codira') };
        const report = await runIndex({ backend: await loadBackend(backend), location, analyzers: ANALYZER_SET });
        expect([report.failed, report.skipped]).toEqual([[], []]);
        expect([...report.paths.changed].sort()).toEqual(expected);
      });
    }
  }
});
