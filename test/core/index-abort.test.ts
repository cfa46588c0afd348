/**
 * The abort path of a failing run, on every backend: whichever write-session step throws (an injected write error),
 * `runIndex` rejects with that error after calling `abort` and `close`, the committed index answers exactly as
 * before, no temporary file is left beside it, and the next run completes.
 */
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation, WriteSession } from '../../src/core/contracts.js';
import { runIndex } from '../../src/core/indexer.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { dumpIndex, type IndexDump } from '../support/dump.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { listWithoutSnapshot } from '../support/state-dir.js';

type Step = Exclude<keyof WriteSession, 'abort' | 'close'>;
const STEPS: readonly Step[] = ['prepare', 'persist', 'recordFailures', 'rebuildDerived', 'commit'];

/**
 * A write error like the one a full disk gives.
 *
 * @returns The error.
 */
function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
}

/**
 * Wrap a backend so its write sessions throw at one step (before the real step runs) and record what core called.
 *
 * @param inner - The real backend.
 * @param failAt - The step that throws.
 * @param calls - Receives the names of the session methods core called, in order.
 * @returns The wrapped backend.
 */
function failingAt(inner: BackendFactory, failAt: Step, calls: string[]): BackendFactory {
  return {
    ...inner,
    storeFiles: (location) => inner.storeFiles(location),
    openReader: (location) => inner.openReader(location),
    beginIndexSession: async (options) => {
      const session = await inner.beginIndexSession(options);
      const step =
        (name: keyof WriteSession) =>
        async (...args: unknown[]): Promise<never> => {
          calls.push(name);
          if (name === failAt) throw diskFull();
          return (session[name] as (...a: unknown[]) => Promise<never>).apply(session, args);
        };
      return {
        prepare: step('prepare'),
        persist: step('persist'),
        recordFailures: step('recordFailures'),
        rebuildDerived: step('rebuildDerived'),
        commit: step('commit'),
        abort: step('abort'),
        close: step('close'),
      } as WriteSession;
    },
  };
}

async function dump(backend: BackendFactory, location: StoreLocation): Promise<IndexDump> {
  const reader = await backend.openReader(location);
  return dumpIndex(reader).finally(() => reader.close());
}

describe('a failing index run aborts and keeps the committed index', () => {
  let repo: FixtureRepo | undefined;
  afterEach(() => repo?.dispose());

  for (const backend of TEST_BACKENDS) {
    for (const mode of ['full', 'incremental'] as const) {
      it(`${backend}, ${mode} run: a write error at each step leaves the old index exactly`, async () => {
        const factory = await loadBackend(backend);
        repo = createFixtureRepo();
        const location = { repoRoot: repo.root, stateDir: repo.stateDir(backend) };
        await index(factory, location);
        const before = await dump(factory, location);
        const files = listWithoutSnapshot(location.stateDir);
        if (mode === 'incremental') repo.write('shop/extra.py', 'def extra():\n    return 1\n');
        for (const failAt of STEPS) {
          const calls: string[] = [];
          const run = runIndex({
            backend: failingAt(factory, failAt, calls),
            location,
            analyzers: ANALYZER_SET,
            full: mode === 'full',
            workers: 0,
          });
          await expect(run, failAt).rejects.toMatchObject({ code: 'ENOSPC' });
          expect(calls.slice(-2), failAt).toEqual(['abort', 'close']);
          expect(
            calls.filter((c) => c === 'abort'),
            failAt,
          ).toHaveLength(1);
          expect(await dump(factory, location), failAt).toEqual(before);
          expect(listWithoutSnapshot(location.stateDir), failAt).toEqual(files);
        }
        const report = await index(factory, location, mode === 'full');
        expect(report.mode).toBe(mode);
        const after = await dump(factory, location);
        if (mode === 'full') expect(after).toEqual(before);
        else expect(after.symbols).toContainEqual(expect.objectContaining({ qualifiedName: 'shop.extra.extra' }));
      });
    }
  }
});
