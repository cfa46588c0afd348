import { describe, expect, it } from 'vitest';
import { isNonEmpty, summarize, tCritical95 } from '../../src/bench/stats.js';

describe('summarize', () => {
  it('computes mean, median, sample stddev, extremes and the t-based 95 % interval', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.median).toBe(3);
    expect(s.stddev).toBeCloseTo(Math.sqrt(2.5), 10);
    expect(s.min).toBe(1);
    expect(s.max).toBe(5);
    // half width = t(4) · s / √n = 2.776 · 1.58114 / 2.23607
    expect(s.ci95!.low).toBeCloseTo(3 - 1.96293, 4);
    expect(s.ci95!.high).toBeCloseTo(3 + 1.96293, 4);
  });

  it('takes the median of an even count as the mean of the middle pair', () => {
    const s = summarize([10, 40, 20, 30]);
    expect(s.median).toBe(25);
    expect(s.mean).toBe(25);
  });

  it('has no interval and zero spread for a single sample', () => {
    const s = summarize([7.5]);
    expect(s).toEqual({ n: 1, mean: 7.5, median: 7.5, stddev: 0, min: 7.5, max: 7.5, ci95: null });
  });
});

describe('tCritical95', () => {
  it('uses the table and conservative values beyond 30 degrees of freedom', () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(4)).toBe(2.776);
    expect(tCritical95(30)).toBe(2.042);
    expect(tCritical95(45)).toBe(2.021);
    expect(tCritical95(500)).toBe(1.98);
    expect(() => tCritical95(0)).toThrow(RangeError);
  });
});

describe('isNonEmpty', () => {
  it('separates empty from non-empty arrays', () => {
    expect(isNonEmpty([])).toBe(false);
    expect(isNonEmpty([0])).toBe(true);
  });
});
