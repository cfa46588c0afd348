import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ignoreCheck, isCandidatePath, scanRepository } from '../../src/core/scanner.js';
import type { WalkRecord } from '../../src/core/walk-record.js';

const claimsSource = (path: string): boolean => path.endsWith('.py') || path.endsWith('.ts');

describe('scanRepository', () => {
  let root: string;
  const write = (path: string, content = 'x = 1\n'): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-scan-'));
    write('.gitignore', 'ignored/\n*.gen.ts\n');
    write('src/a.py');
    write('src/b.ts');
    write('src/c.gen.ts');
    write('ignored/d.py');
    write('node_modules/pkg/e.ts');
    write('.codira/f.py');
    write('docs/readme.md');
    write('src/deep/nested/.gitignore', 'local.py\n');
    write('src/deep/nested/local.py');
    write('src/deep/nested/kept.py');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const expected = ['src/a.py', 'src/b.ts', 'src/deep/nested/kept.py'];

  it('walks a plain folder honouring nested .gitignore files and skipping node_modules/.codira', async () => {
    symlinkSync(join(root, 'src/a.py'), join(root, 'src/link.py'));
    const files = await scanRepository(root, claimsSource);
    expect(files.map((f) => f.path)).toEqual(expected);
    expect(files[0]!.size).toBe(6);
    expect(Number.isInteger(files[0]!.mtimeMs)).toBe(true);
  });

  it('uses git ls-files in a work tree: tracked plus untracked files that are not ignored', async () => {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', 'src/a.py', '.gitignore'], { cwd: root });
    write('src/untracked.py');
    const files = await scanRepository(root, claimsSource);
    expect(files.map((f) => f.path)).toEqual([...expected.slice(0, 2), 'src/deep/nested/kept.py', 'src/untracked.py']);
  });

  it('uses git for a folder whose work tree starts above it (rules only git knows apply)', async () => {
    execFileSync('git', ['init', '-q'], { cwd: root });
    // An exclude rule outside any .gitignore: only a git listing honours it, a walk of the folder would keep the file.
    writeFileSync(join(root, '.git/info/exclude'), 'kept.py\n');
    const files = await scanRepository(join(root, 'src'), claimsSource);
    expect(files.map((f) => f.path)).toEqual(['a.py', 'b.ts']);
  });

  describe('in an ignored folder of an enclosing work tree (the recorded evidence that git lists nothing)', () => {
    const OLD = 1_700_000_000;
    let home: string | undefined;
    beforeEach(() => {
      home = process.env['HOME'];
      process.env['HOME'] = join(root, 'home'); // no user configuration, of a known age
      mkdirSync(join(root, 'home'));
      execFileSync('git', ['init', '-q'], { cwd: root });
      execFileSync('git', ['add', '.gitignore'], { cwd: root });
      // A rule only git applies: once the folder is no longer ignored, git's list drops this file and a walk keeps it.
      writeFileSync(join(root, '.git/info/exclude'), 'x_skip.py\n');
      write('ignored/x_skip.py');
      for (const path of ['', 'ignored', 'home', '.gitignore', '.git/index', '.git/info/exclude', '.git/config'])
        utimesSync(join(root, path), OLD, OLD);
    });
    afterEach(() => {
      if (home === undefined) delete process.env['HOME'];
      else process.env['HOME'] = home;
    });

    /** Scan `ignored/` replaying `replay`; the files and the record the scan hands back. */
    const scan = async (replay?: WalkRecord | null): Promise<{ files: string[]; record: WalkRecord | null }> => {
      let record: WalkRecord | null = null;
      const files = await scanRepository(join(root, 'ignored'), claimsSource, () => {}, {
        replay,
        record: (made) => (record = made),
      });
      return { files: files.map((file) => file.path), record };
    };

    it('records it, replays it without asking git, and sees the ignore rule lifted', async () => {
      const first = await scan();
      expect(first.files).toEqual(['d.py', 'x_skip.py']); // git listed nothing: walked
      expect(first.record?.git?.entries.length).toBeGreaterThan(0);
      const again = await scan(first.record);
      expect(again.record).toBe(first.record); // folders and guard unchanged: the same record, nothing rewritten
      expect(again.files).toEqual(first.files);
      writeFileSync(join(root, '.gitignore'), '*.gen.ts\n'); // the folder is no longer ignored: git lists it
      expect((await scan(first.record)).files).toEqual(['d.py']);
    });

    it('sees a file added to the enclosing index by force', async () => {
      const first = await scan();
      expect(first.record?.git).toBeTruthy();
      execFileSync('git', ['add', '-f', 'ignored/x_skip.py'], { cwd: root });
      expect((await scan(first.record)).files).toEqual(['x_skip.py']); // git lists the tracked file only
    });
  });

  // The watcher's view of the same rules: every path the scanner would drop is filtered, every path it keeps is not.
  const reported = [
    'src/a.py',
    'src/c.gen.ts',
    'ignored/d.py',
    'node_modules/pkg/e.ts',
    '.codira/f.py',
    'docs/readme.md',
  ];
  const watched = async (): Promise<string[]> => {
    const ignored = await ignoreCheck(root);
    const candidates = [...reported, 'src/deep/nested/local.py', 'src/deep/nested/kept.py', 'src/new.py'].filter(
      (path) => isCandidatePath(path, claimsSource),
    );
    const out = await ignored(candidates);
    return candidates.filter((path) => !out.has(path));
  };

  it('tells a watcher which reported paths the scanner would index (plain folder)', async () => {
    expect(await watched()).toEqual(['src/a.py', 'src/deep/nested/kept.py', 'src/new.py']);
  });

  it('tells a watcher which reported paths the scanner would index (git work tree; tracked files are never ignored)', async () => {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', 'src/a.py', '.gitignore'], { cwd: root });
    execFileSync('git', ['add', '-f', 'src/c.gen.ts'], { cwd: root });
    expect(await watched()).toEqual(['src/a.py', 'src/c.gen.ts', 'src/deep/nested/kept.py', 'src/new.py']);
  });
});
