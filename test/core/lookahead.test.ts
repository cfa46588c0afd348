/**
 * The analysis pool's look-ahead window: how far analysis may run ahead of the consumer (outcomes wait in memory
 * until they are consumed in task order).
 */
import { describe, expect, it } from 'vitest';
import { Lookahead } from '../../src/core/analysis-pool.js';

const task = (bytes?: number) => ({ path: 'f.py', mtimeMs: 0, ...(bytes === undefined ? {} : { bytes }) });

describe('Lookahead', () => {
  it('admits a fixed number of files past the consumer, then files while their bytes fit the window', () => {
    const tasks = [10, 10, 10, 10, 10, 10].map(task);
    const window = new Lookahead(tasks, 2, 25);
    // Tasks 0 and 1 by count; task 2 would bring the bytes past the consumer to 30 > 25.
    expect([0, 1, 2, 3].map((i) => window.admits(i))).toEqual([true, true, false, false]);
    window.consumed = 2;
    expect([2, 3, 4, 5].map((i) => window.admits(i))).toEqual([true, true, false, false]);
  });

  it('always admits the consumer’s next file, however large, and counts files of unknown size as empty', () => {
    const window = new Lookahead([task(1000), task(1000), task(), task()], 0, 10);
    expect(window.admits(0)).toBe(true);
    expect(window.admits(1)).toBe(false);
    window.consumed = 1;
    expect([1, 2, 3].map((i) => window.admits(i))).toEqual([true, false, false]);
    window.consumed = 2;
    expect([2, 3].map((i) => window.admits(i))).toEqual([true, true]);
  });
});
