import { describe, expect, it } from 'vitest';
import { bootstrapRatio } from '../../src/bench/statistics/bootstrap.js';
import { holmAdjust } from '../../src/bench/statistics/holm.js';
import { mannWhitneyGreater } from '../../src/bench/statistics/mann-whitney.js';
import { meanStatistic } from '../../src/bench/statistics/mean.js';
import { medianStatistic } from '../../src/bench/statistics/median.js';
import { STATISTIC_NAMES, statisticNamed } from '../../src/bench/statistics/registry.js';

describe('mannWhitneyGreater', () => {
  it('gives the exact one-sided p-value of complete separation: 1 / C(m + n, m)', () => {
    expect(mannWhitneyGreater([6, 7, 8], [1, 2, 3])).toMatchObject({ u: 9, method: 'exact' });
    expect(mannWhitneyGreater([6, 7, 8], [1, 2, 3]).pValue).toBeCloseTo(1 / 20, 12);
    expect(mannWhitneyGreater([1, 2, 3], [6, 7, 8]).pValue).toBeCloseTo(1, 12);
    const ten = Array.from({ length: 10 }, (_, i) => i);
    expect(
      mannWhitneyGreater(
        ten.map((v) => v + 100),
        ten,
      ).pValue,
    ).toBeCloseTo(1 / 184756, 12);
  });

  it('counts the exact tail: U = 8 of 9 for 3 vs 3 has P(U ≥ 8) = 2/20', () => {
    const result = mannWhitneyGreater([2.5, 7, 8], [1, 2, 3]);
    expect(result.u).toBe(8);
    expect(result.pValue).toBeCloseTo(2 / 20, 12);
  });

  it('falls back to the normal approximation with ties and agrees with the exact test roughly', () => {
    const tied = mannWhitneyGreater([5, 5, 6, 7, 8, 9], [1, 2, 3, 5, 4, 2]);
    expect(tied.method).toBe('normal');
    expect(tied.pValue).toBeGreaterThan(0);
    expect(tied.pValue).toBeLessThan(0.02);
  });
});

describe('holmAdjust', () => {
  it('multiplies the k-th smallest p-value by m − k + 1, keeps order and caps at 1', () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.5])).toEqual([0.04, 0.09, 0.09, 0.5]);
    expect(holmAdjust([0.3, 0.6])).toEqual([0.6, 0.6]);
    expect(holmAdjust([0.9, 0.9, 0.9])).toEqual([1, 1, 1]);
  });
});

describe('bootstrapRatio', () => {
  it('brackets the true ratio of paired samples and is reproducible', () => {
    const reference = [100, 104, 98, 101, 99, 103, 97, 100, 102, 96];
    const candidate = reference.map((v, i) => v * 1.5 + (i % 2 ? 2 : -2));
    const first = bootstrapRatio(candidate, reference, meanStatistic, (r) => r * 1.1);
    expect(first.low).toBeGreaterThan(1.4);
    expect(first.high).toBeLessThan(1.6);
    expect(first.withinBudget).toBe(0);
    expect(bootstrapRatio(candidate, reference, meanStatistic, (r) => r * 1.1)).toEqual(first);
    const generous = bootstrapRatio(candidate, reference, meanStatistic, (r) => r * 2);
    expect(generous.withinBudget).toBe(1);
  });

  it('pairs by round, so drift shared by both variants does not widen the interval', () => {
    const drift = [100, 300, 120, 500, 90, 250, 400, 110];
    const paired = bootstrapRatio(
      drift.map((v) => v * 1.2),
      drift,
      medianStatistic,
      (r) => r,
    );
    expect(paired.low).toBeCloseTo(1.2, 9);
    expect(paired.high).toBeCloseTo(1.2, 9);
  });
});

describe('statistic registry', () => {
  it('names every statistic once and resolves it', () => {
    expect(new Set(STATISTIC_NAMES).size).toBe(STATISTIC_NAMES.length);
    expect(statisticNamed('median').of([1, 9, 2])).toBe(2);
    expect(() => statisticNamed('p99')).toThrow(/unknown statistic 'p99'/);
  });
});
