/**
 * Files that change between the scan and the read, on every backend: the change is made when the write session
 * begins (after scanning and planning, before analysis). The run completes, a vanished or swapped file is reported
 * as failed (never read through a symbolic link, never blocking on a FIFO), and the next run settles the index.
 */
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendFactory } from '../../src/core/contracts.js';
import { runIndex } from '../../src/core/indexer.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

/** What happens to each file after the scan, and the failure reason the run must report (or `null`: indexed). */
const CHANGES: Readonly<Record<string, { change: (path: string) => void; reason: RegExp | null }>> = {
  'vanished.py': { change: (path) => rmSync(path), reason: /^unreadable: ENOENT$/ },
  'rewritten.py': { change: (path) => writeFileSync(path, 'def rewritten_later():\n    pass\n'), reason: null },
  'now-a-folder.py': {
    change: (path) => {
      rmSync(path);
      mkdirSync(path);
    },
    reason: /^(unreadable: EISDIR|not a regular file)$/,
  },
  'now-a-link.py': {
    change: (path) => {
      rmSync(path);
      symlinkSync('/etc/hostname', path);
    },
    reason: /^(unreadable: ELOOP|not a regular file)$/,
  },
  'now-a-fifo.py': {
    change: (path) => {
      rmSync(path);
      execFileSync('mkfifo', [path]);
    },
    reason: /^not a regular file$/,
  },
};

function changingAfterScan(inner: BackendFactory, root: string): BackendFactory {
  return {
    ...inner,
    storeFiles: (location) => inner.storeFiles(location),
    openReader: (location) => inner.openReader(location),
    beginIndexSession: (options) => {
      for (const [path, { change }] of Object.entries(CHANGES)) change(join(root, path));
      return inner.beginIndexSession(options);
    },
  };
}

describe('files changing between scan and read', () => {
  let repo: FixtureRepo | undefined;
  afterEach(() => repo?.dispose());

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: the run completes, swapped files fail with a reason, the next run settles`, async () => {
      const factory = await loadBackend(backend);
      repo = createFixtureRepo();
      for (const path of Object.keys(CHANGES)) repo.write(path, `def ${path.replace(/\W/g, '_')}():\n    pass\n`);
      const location = { repoRoot: repo.root, stateDir: repo.stateDir(backend) };
      const report = await runIndex({
        backend: changingAfterScan(factory, repo.root),
        location,
        analyzers: ANALYZER_SET,
        workers: 0,
      });
      const failed = new Map(report.failed.map((f) => [f.path, f.reason]));
      for (const [path, { reason }] of Object.entries(CHANGES)) {
        if (reason === null) expect(failed.has(path), path).toBe(false);
        else expect(failed.get(path), path).toMatch(reason);
      }
      const reader = await factory.openReader(location);
      const symbols = await reader.listSymbols({}).finally(() => reader.close());
      expect(symbols.map((s) => s.qualifiedName)).toContain('rewritten.rewritten_later');
      expect(symbols.some((s) => s.path === 'now-a-link.py')).toBe(false);
      // The next run sees the current tree: the vanished file and the swapped ones are no longer candidates.
      const next = await index(factory, location);
      expect(next.failed).toEqual([]);
      expect(await index(factory, location)).toMatchObject({ mode: 'noop' });
    });
  }
});
