import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION, type FileRecord, type IndexMeta } from '../../src/core/model.js';
import { hashContent } from '../../src/core/analyze-file.js';
import { planIndex } from '../../src/core/planner.js';
import type { ScannedFile } from '../../src/core/scanner.js';

const meta: IndexMeta = {
  contractVersion: CONTRACT_VERSION,
  runtime: { backend: 'memory', backendVersion: '1' },
  analyzers: [{ name: 'python', version: '1', extensions: ['.py'] }],
  embedder: { name: 'e', version: '1', dimension: 4 },
};

const record = (path: string, size = 10, mtimeMs = 1000, hash = `h-${path}`): FileRecord => ({
  path,
  hash,
  size,
  mtimeMs,
  analyzer: 'python',
});
const scanned = (path: string, size = 10, mtimeMs = 1000): ScannedFile => ({ path, size, mtimeMs });

describe('planIndex', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('plans a full index when there is no stored state, listing every file as changed', async () => {
    const plan = await planIndex('/nonexistent', [scanned('a.py'), scanned('b.py')], null, meta, false);
    expect(plan).toEqual({
      mode: 'full',
      reason: 'no usable index',
      paths: { changed: ['a.py', 'b.py'], deleted: [], reused: [] },
    });
  });

  it('reuses files with unchanged size and mtime without reading them (the files do not even exist)', async () => {
    const stored = { meta, files: [record('a.py'), record('b.py')] };
    const plan = await planIndex('/nonexistent', [scanned('a.py'), scanned('b.py')], stored, meta, false);
    expect(plan.mode).toBe('noop');
    expect(plan.paths).toEqual({ changed: [], deleted: [], reused: ['a.py', 'b.py'] });
  });

  it('gives the same plan whatever the order of the stored files and wherever files were added or removed', async () => {
    // Paired by position while both lists agree, by path from the first difference on (see planIndex).
    const names = Array.from({ length: 30 }, (_, i) => `m/f${String(i).padStart(2, '0')}.py`);
    const scan = [scanned('a_first.py'), ...names.filter((_, i) => i !== 7 && i !== 21).map((n) => scanned(n))];
    scan.push(scanned('z_last.py'));
    const files = [record('0_gone.py'), ...names.map((n) => record(n)), record('zz_gone.py')];
    const expected = {
      changed: ['a_first.py', 'z_last.py'],
      deleted: ['0_gone.py', 'm/f07.py', 'm/f21.py', 'zz_gone.py'],
      reused: names.filter((_, i) => i !== 7 && i !== 21),
    };
    for (const order of [files, [...files].reverse(), [...files.slice(5), ...files.slice(0, 5)]]) {
      const plan = await planIndex('/nonexistent', scan, { meta, files: order }, meta, false);
      expect(plan.paths).toEqual(expected);
    }
    // Aligned all the way but for one file removed in the middle, and one added at the end.
    const plan = await planIndex(
      '/nonexistent',
      [...names.slice(0, 10), ...names.slice(11), 'zz_new.py'].map((n) => scanned(n)),
      { meta, files: names.map((n) => record(n)) },
      meta,
      false,
    );
    expect(plan.paths).toEqual({
      changed: ['zz_new.py'],
      deleted: [names[10]],
      reused: [...names.slice(0, 10), ...names.slice(11)],
    });
  });

  it('computes changed (added + modified), deleted and reused sets; a rename is a delete plus an add', async () => {
    dir = mkdtempSync(join(tmpdir(), 'codira-plan-'));
    writeFileSync(join(dir, 'touched.py'), 'same content');
    writeFileSync(join(dir, 'edited.py'), 'new content');
    const stored = {
      meta,
      files: [
        record('kept.py'),
        record('touched.py', 12, 1000, hashContent(Buffer.from('same content'))),
        record('edited.py', 11, 1000, hashContent(Buffer.from('old content'))),
        record('old_name.py'),
        record('gone.py'),
      ],
    };
    const plan = await planIndex(
      dir,
      [
        scanned('kept.py'),
        scanned('touched.py', 12, 2000), // mtime changed, content identical ⇒ reused
        scanned('edited.py', 11, 2000), // same size, content changed ⇒ changed
        scanned('new_name.py'),
        scanned('added.py'),
      ],
      stored,
      meta,
      false,
    );
    expect(plan.mode).toBe('incremental');
    expect(plan.paths).toEqual({
      changed: ['added.py', 'edited.py', 'new_name.py'],
      deleted: ['gone.py', 'old_name.py'],
      reused: ['kept.py', 'touched.py'],
    });
  });

  it('forces a full rebuild when the contract, backend, analyzer or embedder inventory changed, or --full', async () => {
    const files = [scanned('a.py')];
    const stored = (m: IndexMeta) => ({ meta: m, files: [record('a.py')] });
    const cases: [IndexMeta, string][] = [
      [{ ...meta, contractVersion: CONTRACT_VERSION + 1 }, 'contract version changed'],
      [{ ...meta, runtime: { backend: 'memory', backendVersion: '2' } }, 'runtime inventory (backend) changed'],
      [{ ...meta, analyzers: [{ name: 'python', version: '2', extensions: ['.py'] }] }, 'analyzer inventory changed'],
      [{ ...meta, embedder: { name: 'e', version: '2', dimension: 4 } }, 'embedder changed'],
    ];
    for (const [storedMeta, reason] of cases) {
      const plan = await planIndex('/nonexistent', files, stored(storedMeta), meta, false);
      expect([plan.mode, plan.reason]).toEqual(['full', reason]);
    }
    const forced = await planIndex('/nonexistent', files, stored(meta), meta, true);
    expect([forced.mode, forced.reason]).toEqual(['full', 'full rebuild requested (--full)']);
  });

  it('treats a stored failure like any stored file: unchanged ⇒ reused', async () => {
    dir = mkdtempSync(join(tmpdir(), 'codira-plan-'));
    writeFileSync(join(dir, 'bad.py'), 'def (');
    utimesSync(join(dir, 'bad.py'), 5, 5);
    const plan = await planIndex(
      dir,
      [scanned('bad.py', 5, 5000)],
      { meta, files: [record('bad.py', 5, 5000)] },
      meta,
      false,
    );
    expect(plan.mode).toBe('noop');
  });
});
