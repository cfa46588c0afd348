/**
 * A full run collects the JavaScript heap once between its load and the derived step when heap and array buffers hold
 * more than `FULL_RUN_COLLECT_BYTES`: the load's objects are garbage by then, and nothing in the derived step (SQL in
 * the backend) would make V8 collect them (SymPy ×4 on SQLite reached the derived step with 156 MiB of heap and 71 MiB
 * of array buffers). A small run (mobx: 8 MiB) and an incremental run, whose latency is the target, do not pay for it.
 * The heap's size is what `process.memoryUsage` reports, stubbed here: the test process's own heap is no fixture.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendFactory } from '../../src/core/contracts.js';
import { collectionsSoFar } from '../../src/core/full-collection.js';
import { FULL_RUN_COLLECT_BYTES } from '../../src/core/indexer.js';
import { index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { heapOf, withSessionOverrides } from '../support/session-spy.js';

/**
 * The memory backend, recording the collection count when each session's last persist ends and when its derived
 * step starts.
 *
 * @param seen - Receives `[after the last persist, at the derived step]` per session.
 * @returns The factory.
 */
async function recording(seen: [number, number][]): Promise<BackendFactory> {
  return withSessionOverrides(await loadBackend('memory'), (session) => {
    let persisted = collectionsSoFar();
    return {
      persist: async (batch) => {
        await session.persist(batch);
        persisted = collectionsSoFar();
      },
      rebuildDerived: async () => {
        seen.push([persisted, collectionsSoFar()]);
        await session.rebuildDerived();
      },
    };
  });
}

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.dispose();
  vi.restoreAllMocks();
});

describe('indexer: one collection before the derived step of a large full run', () => {
  it('collects after the last persist of a full run above the bound, and not in an incremental one', async () => {
    repo = createFixtureRepo();
    const seen: [number, number][] = [];
    const backend = await recording(seen);
    const location = { repoRoot: repo.root, stateDir: repo.stateDir('collect') };
    heapOf(FULL_RUN_COLLECT_BYTES + 1);
    await index(backend, location, true);
    repo.write('src/extra.py', 'def extra():\n    return 1\n');
    await index(backend, location, false);
    expect(seen).toHaveLength(2);
    const [full, incremental] = seen as [[number, number], [number, number]];
    expect(full[1]).toBe(full[0] + 1);
    expect(incremental[1]).toBe(incremental[0]);
  });

  it('does not collect in a full run whose heap and array buffers stay within the bound', async () => {
    repo = createFixtureRepo();
    const seen: [number, number][] = [];
    const backend = await recording(seen);
    heapOf(FULL_RUN_COLLECT_BYTES);
    await index(backend, { repoRoot: repo.root, stateDir: repo.stateDir('small') }, true);
    expect(seen).toHaveLength(1);
    const [[persisted, derived]] = seen as [[number, number]];
    expect(derived).toBe(persisted);
  });
});
