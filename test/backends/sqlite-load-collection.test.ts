/**
 * A full SQLite run collects the JavaScript heap after a batch when heap and array buffers together hold more than
 * `SQLITE_LOAD_HEAP_BOUND`: the batch's decoded outcomes are garbage once its rows are written, and left to V8 they
 * crested at ~190–200 MiB of heap and buffers in the main process of a SymPy full index at both scales, which made the
 * main process the highest of a SymPy × 4 run (issue 12, sessions 21–22). An incremental run, whose latency is the
 * target, never pays for it. The heap's size is what `process.memoryUsage` reports, stubbed here: the test process's own
 * heap is no fixture.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendFactory } from '../../src/core/contracts.js';
import { collectionsSoFar } from '../../src/core/full-collection.js';
import { SQLITE_LOAD_HEAP_BOUND } from '../../src/backends/sqlite/sqlite-writer.js';
import { index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { heapOf, withSessionOverrides } from '../support/session-spy.js';

/**
 * The SQLite backend, recording how many collections each `persist` ran.
 *
 * @param seen - Receives, per session, the collections of each of its persists.
 * @returns The factory.
 */
async function recording(seen: number[][]): Promise<BackendFactory> {
  return withSessionOverrides(await loadBackend('sqlite'), (session) => {
    const persists: number[] = [];
    seen.push(persists);
    return {
      persist: async (batch) => {
        const before = collectionsSoFar();
        await session.persist(batch);
        persists.push(collectionsSoFar() - before);
      },
    };
  });
}

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.dispose();
  vi.restoreAllMocks();
});

describe('sqlite writer: the load collects the heap after a batch above the bound', () => {
  it('collects after each batch of a full run above the bound, and never in an incremental one', async () => {
    repo = createFixtureRepo();
    const seen: number[][] = [];
    const backend = await recording(seen);
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('collect') };
    heapOf(SQLITE_LOAD_HEAP_BOUND + 1);
    await index(backend, location, true);
    repo.write('src/extra.py', 'def extra():\n    return 1\n');
    await index(backend, location, false);
    expect(seen).toHaveLength(2);
    const [full, incremental] = seen as [number[], number[]];
    expect(full.length).toBeGreaterThan(0);
    expect(full.every((count) => count === 1)).toBe(true);
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.every((count) => count === 0)).toBe(true);
  });

  it('does not collect in a full run whose heap and array buffers stay within the bound', async () => {
    repo = createFixtureRepo();
    const seen: number[][] = [];
    heapOf(SQLITE_LOAD_HEAP_BOUND);
    await index(await recording(seen), { repoRoot: repo.root, stateDir: repo.stateDir('small') }, true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.length).toBeGreaterThan(0);
    expect(seen[0]!.every((count) => count === 0)).toBe(true);
  });
});
