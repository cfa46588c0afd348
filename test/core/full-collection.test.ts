/**
 * `collectAbove` collects only when the heap and the array buffers hold more than its bound: a full collection costs
 * tens of milliseconds, so the DuckDB load calls it after every batch and relies on the bound to skip most of them.
 */
import { describe, expect, it } from 'vitest';
import { collectAbove, collectionsSoFar } from '../../src/core/full-collection.js';

describe('collectAbove', () => {
  it('collects when the heap and array buffers exceed the bound, and only then', () => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    const before = collectionsSoFar();
    expect(collectAbove(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(collectionsSoFar()).toBe(before);
    // Keep 8 MiB of array buffers alive across the call: the bound just below what is held must collect.
    const held = new ArrayBuffer(8 * 1024 * 1024);
    expect(collectAbove(heapUsed + arrayBuffers)).toBe(true);
    expect(collectionsSoFar()).toBe(before + 1);
    expect(held.byteLength).toBe(8 * 1024 * 1024);
  });

  it('frees unreachable objects when it collects', async () => {
    let garbage: object | undefined = { rows: Array.from({ length: 10_000 }, (_, i) => ({ i })) };
    const ref = new WeakRef(garbage);
    garbage = undefined;
    expect(garbage).toBeUndefined();
    // A WeakRef keeps its target alive until the current job ends: let the loop turn first.
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectAbove(0)).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });
});
