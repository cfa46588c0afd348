/**
 * Which variants a run compares: every other current backend against the control (the campaign's first backend),
 * and the current build against the baseline build on the baseline's backend.
 *
 * @packageDocumentation
 */
import type { RunResult, VariantInfo } from './result.js';

/** A ratio the artifacts report: numerator time or size over denominator. */
export interface Comparison {
  /** e.g. `duckdb/sqlite` or `sqlite/baseline-sqlite`. */
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
}

/**
 * The comparisons of a run.
 *
 * @param variants - The run's variants, control first.
 * @returns Backend comparisons, then baseline comparisons.
 */
export function comparisonsOf(variants: RunResult['variants']): Comparison[] {
  const current = variants.filter((v) => v.build === 'current');
  const control: VariantInfo | undefined = current[0];
  const out: Comparison[] = [];
  if (control) {
    for (const v of current.slice(1))
      out.push({ label: `${v.id}/${control.id}`, numerator: v.id, denominator: control.id });
  }
  for (const base of variants.filter((v) => v.build === 'baseline')) {
    const same = current.find((v) => v.backend === base.backend);
    if (same) out.push({ label: `${same.id}/${base.id}`, numerator: same.id, denominator: base.id });
  }
  return out;
}
