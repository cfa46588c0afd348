/**
 * `fast-stat.ts`: the binding's `lstat` answers exactly what `fs.lstatSync` answers (type, size, time, the walk
 * record's identity), errors included, and is in use on the Node it was checked on.
 */
import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityStat, lstatFile, statBindingInUse, useStatBinding } from '../../src/core/fast-stat.js';

describe('fast stat', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-fast-stat-'));
    mkdirSync(join(root, 'dir'));
    writeFileSync(join(root, 'dir', 'a.py'), 'x = 1\n');
    // Access and modification times apart (a slot mix-up shows), with a fraction of a millisecond and fewer than nine
    // digits of nanoseconds (the identity pads them).
    utimesSync(join(root, 'dir', 'a.py'), 1_600_000_000.5, 1_700_000_000.012345);
    writeFileSync(join(root, 'empty.py'), '');
    symlinkSync('dir/a.py', join(root, 'link.py'));
  });
  afterAll(() => {
    useStatBinding(true);
    rmSync(root, { recursive: true, force: true });
  });

  const reference = (path: string): unknown => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    return stat === undefined ? null : { isFile: stat.isFile(), size: stat.size, mtimeMs: stat.mtimeMs };
  };
  const referenceIdentity = (path: string): unknown => {
    try {
      const stat = lstatSync(path, { bigint: true });
      return { identity: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`, mtimeMs: Number(stat.mtimeMs) };
    } catch {
      return null;
    }
  };

  for (const binding of [true, false]) {
    it(`answers like lstatSync (${binding ? 'binding' : 'public call'})`, () => {
      useStatBinding(binding);
      for (const name of ['dir/a.py', 'empty.py', 'link.py', 'dir', 'missing.py', 'missing/x.py']) {
        const path = join(root, name);
        expect(lstatFile(path), name).toEqual(reference(path));
        expect(identityStat(path), name).toEqual(referenceIdentity(path));
      }
      // A file where a folder is expected: lstatSync's error, not an answer.
      expect(() => lstatFile(join(root, 'empty.py', 'x.py'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
      expect(identityStat(join(root, 'empty.py', 'x.py'))).toBeNull();
      expect(statBindingInUse()).toBe(binding);
    });
  }

  it('checks the binding again after a first path that does not exist', () => {
    useStatBinding(true);
    expect(lstatFile(join(root, 'missing.py'))).toBeNull();
    expect(lstatFile(join(root, 'dir', 'a.py'))).toEqual(reference(join(root, 'dir', 'a.py')));
    expect(statBindingInUse()).toBe(true);
  });
});
