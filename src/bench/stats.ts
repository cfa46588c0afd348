/**
 * Sample statistics (simple-statistics) with a Student-t 95 % confidence interval for the mean.
 *
 * @packageDocumentation
 */
import { max, mean, median, min, sampleStandardDeviation } from 'simple-statistics';

/** An array with at least one element: statistics are only defined for non-empty samples. */
export type NonEmptyArray<T> = readonly [T, ...T[]];

/**
 * Narrow an array to a non-empty one.
 *
 * @param values - Any array.
 * @returns `true` when it has an element.
 */
export function isNonEmpty<T>(values: readonly T[]): values is NonEmptyArray<T> {
  return values.length > 0;
}

/** Summary of one sample set; every value is in the unit of the samples. */
export interface SampleStatistics {
  /** Number of samples. */
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  /** Sample standard deviation (n − 1); 0 for a single sample. */
  readonly stddev: number;
  readonly min: number;
  readonly max: number;
  /** Two-sided 95 % confidence interval of the mean (Student t); `null` for a single sample. */
  readonly ci95: { readonly low: number; readonly high: number } | null;
}

/** Two-sided 95 % critical values of Student's t for 1–30 degrees of freedom. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
/** Beyond 30 degrees of freedom: (lower bound of df, critical value); the lower bound's value is conservative. */
const T95_TAIL: readonly (readonly [number, number])[] = [
  [120, 1.98],
  [60, 2.0],
  [40, 2.021],
  [30, 2.042],
];

/**
 * Two-sided 95 % critical value of Student's t.
 *
 * @param df - Degrees of freedom (≥ 1).
 * @returns The critical value (rounded up to the next tabulated degrees of freedom below `df`).
 */
export function tCritical95(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be an integer ≥ 1, got ${df}`);
  if (df <= T95.length) return T95[df - 1]!;
  return T95_TAIL.find(([lower]) => df >= lower)![1];
}

/**
 * Summarise samples.
 *
 * @param samples - At least one value.
 * @returns Mean, median, standard deviation, extremes and the 95 % confidence interval of the mean.
 */
export function summarize(samples: NonEmptyArray<number>): SampleStatistics {
  const values = [...samples];
  const n = values.length;
  const avg = mean(values);
  const stddev = n > 1 ? sampleStandardDeviation(values) : 0;
  const half = n > 1 ? (tCritical95(n - 1) * stddev) / Math.sqrt(n) : null;
  return {
    n,
    mean: avg,
    median: median(values),
    stddev,
    min: min(values),
    max: max(values),
    ci95: half === null ? null : { low: avg - half, high: avg + half },
  };
}

/** Tail percentiles of a latency sample set (server requests: many samples per cell). */
export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/**
 * Percentiles by linear interpolation between closest ranks (the R-7 / NumPy default).
 *
 * @param samples - At least one value.
 * @returns p50, p95 and p99.
 */
export function percentiles(samples: NonEmptyArray<number>): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => {
    const rank = (sorted.length - 1) * p;
    const low = Math.floor(rank);
    const high = Math.min(low + 1, sorted.length - 1);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
