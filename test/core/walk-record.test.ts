/**
 * The walk record (`src/core/walk-record.ts`): a replay returns the recorded files only while every folder and
 * `.gitignore` is unchanged, and no record is made of a walk that could miss a change.
 */
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanRepository } from '../../src/core/scanner.js';
import { replayWalk, type WalkRecord } from '../../src/core/walk-record.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

/** Long enough ago that no folder counts as changed "during" the walk. */
const PAST = 1_700_000_000;

/**
 * Set every folder (and `.gitignore`) of the tree to {@link PAST}.
 *
 * @param root - The tree's root.
 */
function age(root: string): void {
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(dir, entry.name));
      else if (entry.name === '.gitignore') utimesSync(join(dir, entry.name), PAST, PAST);
    }
    utimesSync(dir, PAST, PAST);
  };
  visit(root);
}

describe('walk record', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = createFixtureRepo({
      '.gitignore': 'ignored/\n',
      'pkg/a.py': 'def a():\n    return 1\n',
      'pkg/deep/b.py': 'def b():\n    return 2\n',
      'ignored/c.py': 'def c():\n    return 3\n',
      'notes.txt': 'not code\n',
    });
  });
  afterEach(() => repo.dispose());

  async function record(): Promise<{ paths: string[]; record: WalkRecord | null }> {
    let made: WalkRecord | null = null;
    const files = await scanRepository(
      repo.root,
      () => true,
      () => {},
      { record: (r) => (made = r) },
    );
    return { paths: files.map((f) => f.path), record: made };
  }

  /**
   * The record no longer replays, and a scan given it walks the tree and finds `path`.
   *
   * @param made - The stale record.
   * @param path - A file only a new walk finds.
   */
  async function expectWalkedAgain(made: WalkRecord, path: string): Promise<void> {
    expect(replayWalk(`${repo.root}/`, made)).toBeNull();
    const scanned = await scanRepository(
      repo.root,
      () => true,
      () => {},
      { replay: made },
    );
    expect(scanned.map((f) => f.path)).toContain(path);
  }

  it('replays the recorded files while nothing changed, and the scan takes them without listing a folder', async () => {
    age(repo.root);
    const { paths, record: made } = await record();
    expect(paths).toEqual(['.gitignore', 'notes.txt', 'pkg/a.py', 'pkg/deep/b.py']);
    expect(made).not.toBeNull();
    expect([...replayWalk(`${repo.root}/`, made!)!].sort()).toEqual(paths);
    let replayed: WalkRecord | null = null;
    const again = await scanRepository(
      repo.root,
      () => true,
      () => {},
      {
        replay: made,
        record: (r) => (replayed = r),
      },
    );
    expect(again.map((f) => f.path)).toEqual(paths);
    expect(replayed).toBe(made); // the replayed record itself: the caller keeps it as it is
  });

  it('refuses to replay once a folder gained a file, at any depth', async () => {
    age(repo.root);
    const { record: made } = await record();
    writeFileSync(join(repo.root, 'pkg/deep/new.py'), 'x = 1\n');
    await expectWalkedAgain(made!, 'pkg/deep/new.py');
  });

  it('refuses to replay once a .gitignore changed, even with its folder untouched', async () => {
    age(repo.root);
    const { record: made } = await record();
    writeFileSync(join(repo.root, '.gitignore'), 'nothing\n');
    utimesSync(repo.root, PAST, PAST);
    expect(statSync(repo.root).mtimeMs).toBe(PAST * 1000);
    await expectWalkedAgain(made!, 'ignored/c.py');
  });

  it('makes no record when a folder changed just before the walk (the clock is too coarse to tell)', async () => {
    age(repo.root);
    writeFileSync(join(repo.root, 'pkg/late.py'), 'y = 2\n'); // pkg/ is modified now
    expect((await record()).record).toBeNull();
  });

  it('refuses a malformed record, and one of the earlier shape (every file found, before any claim)', () => {
    expect(replayWalk(`${repo.root}/`, { entries: [[42, 'x']], claimed: [] } as unknown as WalkRecord)).toBeNull();
    expect(replayWalk(`${repo.root}/`, { entries: [], claimed: [7] } as unknown as WalkRecord)).toBeNull();
    expect(replayWalk(`${repo.root}/`, { entries: [], files: ['pkg/a.py'] } as unknown as WalkRecord)).toBeNull();
  });

  it('records the claimed files only, and a replay asks no claim', async () => {
    age(repo.root);
    let made: WalkRecord | null = null;
    const python = (path: string): boolean => path.endsWith('.py');
    const first = await scanRepository(repo.root, python, () => {}, { record: (r) => (made = r) });
    expect(first.map((f) => f.path)).toEqual(['pkg/a.py', 'pkg/deep/b.py']);
    expect([...made!.claimed].sort()).toEqual(['pkg/a.py', 'pkg/deep/b.py']);
    let asked = 0;
    const counting = (path: string): boolean => (asked++, python(path));
    const again = await scanRepository(repo.root, counting, () => {}, { replay: made });
    expect(again).toEqual(first);
    expect(asked).toBe(0);
    writeFileSync(join(repo.root, 'pkg/new.py'), 'z = 3\n'); // pkg/ changed: walked again, so claims are asked
    const walked = await scanRepository(repo.root, counting, () => {}, { replay: made });
    expect(walked.map((f) => f.path)).toEqual(['pkg/a.py', 'pkg/deep/b.py', 'pkg/new.py']);
    expect(asked).toBeGreaterThan(0);
  });

  it('records the claimed files in path order, so a replayed scan needs no sort', async () => {
    const tree = createFixtureRepo({
      'z.py': '',
      'a_c.py': '',
      'a/b.py': '',
      'a.py': '',
      'a-b.py': '',
      'a/a/x.py': '',
    });
    try {
      age(tree.root);
      let made: WalkRecord | null = null;
      const first = await scanRepository(
        tree.root,
        () => true,
        () => {},
        { record: (r) => (made = r) },
      );
      const sorted = ['a-b.py', 'a.py', 'a/a/x.py', 'a/b.py', 'a_c.py', 'z.py'];
      expect(first.map((f) => f.path)).toEqual(sorted);
      expect(made!.claimed).toEqual(sorted);
      expect(replayWalk(`${tree.root}/`, made!)).toEqual(sorted);
    } finally {
      tree.dispose();
    }
  });
});
