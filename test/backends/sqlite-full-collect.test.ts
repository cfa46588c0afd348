/**
 * A SQLite full run collects the JavaScript heap after a persisted batch once the heap and the array buffers hold
 * more than a bound (the batches' garbage otherwise crested at the run's peak on SymPy ×4); an incremental run never
 * does.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sqliteBackend } from '../../src/backends/sqlite/sqlite-backend.js';
import { collectionsSoFar } from '../../src/core/full-collection.js';
import { indexWith, syntheticTree as tree, tempLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Collections made while a run persists its batches, with the heap reported as `heapUsed` bytes.
 *
 * @param mode - Full or incremental.
 * @param heapUsed - What `process.memoryUsage()` reports as the heap in use.
 * @returns Collections and persist calls.
 */
async function collections(mode: 'full' | 'incremental', heapUsed: number): Promise<{ made: number; batches: number }> {
  const location = tempLocation(`sqlite-collect-${mode}`);
  cleanup.push(location.repoRoot);
  const files = tree(40);
  if (mode === 'incremental') await indexWith(sqliteBackend, location, 'full', files, [], undefined, 10);
  const usage = process.memoryUsage();
  vi.spyOn(process, 'memoryUsage').mockReturnValue({ ...usage, heapUsed, arrayBuffers: 0 });
  const before = collectionsSoFar();
  await indexWith(sqliteBackend, location, mode, files, [], undefined, 10);
  return { made: collectionsSoFar() - before, batches: 4 };
}

describe('sqlite writer: a full run bounds the garbage of its batches', () => {
  it('collects after every batch of a full run while the heap is over the bound, never under it', async () => {
    const over = await collections('full', 65 * 1024 * 1024);
    expect(over.made).toBe(over.batches);
    expect((await collections('full', 63 * 1024 * 1024)).made).toBe(0);
  });
  it('never collects in an incremental run', async () => {
    expect((await collections('incremental', 65 * 1024 * 1024)).made).toBe(0);
  });
});
