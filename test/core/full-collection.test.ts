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

  it('frees garbage array buffers when it collects', () => {
    let garbage: ArrayBuffer | undefined = new ArrayBuffer(32 * 1024 * 1024);
    new Uint8Array(garbage).fill(1);
    const held = process.memoryUsage().arrayBuffers;
    garbage = undefined;
    expect(garbage).toBeUndefined();
    expect(collectAbove(0)).toBe(true);
    expect(process.memoryUsage().arrayBuffers).toBeLessThan(held - 16 * 1024 * 1024);
  });
});
