/**
 * Bootstrap confidence interval of a ratio over paired samples. Samples of interleaved variants are paired by
 * round (round i of A ran right before round i of B), so resampling whole pairs keeps the machine drift both saw.
 * The generator is seeded: the same run always yields the same interval, so a gate check is reproducible.
 *
 * @packageDocumentation
 */
import { quantile } from 'simple-statistics';
import type { Statistic } from './statistic.js';

/** A bootstrap estimate of `statistic(candidate) / statistic(reference)`. */
export interface RatioBootstrap {
  /** Number of pairs used (the shorter sample's length). */
  readonly pairs: number;
  readonly resamples: number;
  /** Two-sided 95 % percentile interval of the ratio. */
  readonly low: number;
  readonly high: number;
  /** Share of resamples in which the candidate stays within the budget (a one-sided bootstrap p-value). */
  readonly withinBudget: number;
}

/**
 * A small, fast, seeded generator (mulberry32): uniform numbers in [0, 1).
 *
 * @param seed - Any 32-bit integer.
 * @returns The generator.
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Bootstrap the ratio of a statistic over paired samples.
 *
 * @param candidate - Candidate samples (pair i is `candidate[i]`, `reference[i]`).
 * @param reference - Reference samples.
 * @param statistic - The statistic compared (mean, median, …).
 * @param budgetFor - The largest passing candidate value for a reference value.
 * @param resamples - Number of resamples (default 2000).
 * @param paired - Resample whole pairs (samples of one interleaved run); `false` resamples each side on its own
 *   (samples of two different runs, e.g. `campaign compare`).
 * @returns The interval and the share of resamples within budget.
 */
export function bootstrapRatio(
  candidate: readonly number[],
  reference: readonly number[],
  statistic: Statistic,
  budgetFor: (reference: number) => number,
  resamples = 2000,
  paired = true,
): RatioBootstrap {
  const pairs = Math.min(candidate.length, reference.length);
  if (pairs === 0) throw new RangeError('bootstrap needs at least one pair');
  const cn = paired ? pairs : candidate.length;
  const rn = paired ? pairs : reference.length;
  const random = seeded(0x13c0d1a);
  const ratios: number[] = [];
  let within = 0;
  const c = new Array<number>(cn);
  const r = new Array<number>(rn);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < cn; i++) {
      const k = Math.floor(random() * cn);
      c[i] = candidate[k]!;
      if (paired) r[i] = reference[k]!;
    }
    if (!paired) for (let i = 0; i < rn; i++) r[i] = reference[Math.floor(random() * rn)]!;
    const cs = statistic.of(c);
    const rs = statistic.of(r);
    ratios.push(rs > 0 ? cs / rs : Number.POSITIVE_INFINITY);
    if (cs <= budgetFor(rs)) within++;
  }
  const [low, high] = quantile(ratios, [0.025, 0.975]);
  return { pairs, resamples, low: low!, high: high!, withinBudget: within / resamples };
}
