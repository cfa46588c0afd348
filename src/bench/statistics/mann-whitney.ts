/**
 * One-sided Mann–Whitney U test (Wilcoxon rank sum): is sample X stochastically greater than sample Y? A rank test
 * needs no normality, so one slow outlier cannot decide a verdict. The rank sum comes from simple-statistics; the
 * p-value is exact (the null distribution of U by counting) without ties and for up to 50 samples a side, and the
 * normal approximation with tie and continuity corrections otherwise.
 *
 * @packageDocumentation
 */
import { cumulativeStdNormalProbability, wilcoxonRankSum } from 'simple-statistics';

/** Result of one test. */
export interface MannWhitneyResult {
  /** U of sample X: the number of (x, y) pairs with x above y, ties counting one half. */
  readonly u: number;
  /** P(U ≥ u) under the null hypothesis that both samples come from one distribution. */
  readonly pValue: number;
  readonly method: 'exact' | 'normal';
}

const EXACT_LIMIT = 50;

/**
 * Number of orderings of m X and n Y values with each U value, as probabilities.
 *
 * @param m - Size of X.
 * @param n - Size of Y.
 * @returns `dist[u]` = P(U = u) for u = 0 … m·n.
 */
function exactDistribution(m: number, n: number): number[] {
  // counts[j][u] for the current i (X size) and every j ≤ n: c(i, j, u) = c(i−1, j, u−j) + c(i, j−1, u).
  let previous: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const current: number[][] = [[1]];
    for (let j = 1; j <= n; j++) {
      const row = new Array<number>(i * j + 1).fill(0);
      const withX = previous[j]!; // last element is an X above j Y values: adds j to U
      withX.forEach((c, u) => (row[u + j]! += c));
      current[j - 1]!.forEach((c, u) => (row[u]! += c));
      current.push(row);
    }
    previous = current;
  }
  const counts = previous[n]!;
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / total);
}

/**
 * Test whether X tends to be greater than Y.
 *
 * @param x - First sample (e.g. candidate times).
 * @param y - Second sample (e.g. the budget derived from each reference time).
 * @returns U of X and its one-sided p-value.
 */
export function mannWhitneyGreater(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new RangeError('Mann–Whitney U needs two non-empty samples');
  const u = wilcoxonRankSum([...x], [...y]) - (m * (m + 1)) / 2;
  const pooled = [...x, ...y];
  const tieSizes = [
    ...pooled.reduce((acc, v) => acc.set(v, (acc.get(v) ?? 0) + 1), new Map<number, number>()).values(),
  ];
  const ties = tieSizes.some((t) => t > 1);
  if (!ties && m <= EXACT_LIMIT && n <= EXACT_LIMIT) {
    const dist = exactDistribution(m, n);
    const p = dist.slice(Math.ceil(u)).reduce((a, b) => a + b, 0);
    return { u, pValue: Math.min(1, p), method: 'exact' };
  }
  const N = m + n;
  const tieTerm = tieSizes.reduce((acc, t) => acc + (t ** 3 - t), 0) / (N * (N - 1));
  const variance = ((m * n) / 12) * (N + 1 - tieTerm);
  if (variance <= 0) return { u, pValue: 1, method: 'normal' };
  const z = (u - (m * n) / 2 - 0.5) / Math.sqrt(variance);
  return { u, pValue: 1 - cumulativeStdNormalProbability(z), method: 'normal' };
}
