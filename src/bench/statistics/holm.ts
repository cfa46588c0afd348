/**
 * Holm's step-down correction: with m tests at family-wise level α, the k-th smallest p-value must be ≤ α/(m−k+1).
 * Expressed as adjusted p-values (compare each with α), monotone in the original order of the p-values.
 *
 * @packageDocumentation
 */

/**
 * Holm-adjusted p-values.
 *
 * @param pValues - One p-value per test.
 * @returns The adjusted p-value of each test, in input order, each at most 1.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
