/**
 * Runner step 1 — variants: the columns of a campaign, each a backend run by a build (the current tree, or the
 * baseline build on every backend of the campaign).
 *
 * @packageDocumentation
 */
import type { BaselineBuild } from '../baseline.js';
import type { VariantInfo } from '../result.js';

/** A variant with the entry point that runs it. */
export interface RunVariant extends VariantInfo {
  /** `bin/codira.js` of its build. */
  readonly bin: string;
}

/**
 * The variants of a run, in interleaving order: every backend on the current build, then (with a baseline) every
 * backend on the baseline build as `baseline-<backend>`, so each backend is judged against its own baseline.
 *
 * @param backends - Campaign backends; the first is the control.
 * @param currentBin - Entry point of the current build.
 * @param baseline - A built baseline, or `null`.
 * @returns The variants.
 */
export function campaignVariants(
  backends: readonly string[],
  currentBin: string,
  baseline: BaselineBuild | null,
): readonly RunVariant[] {
  const current = backends.map((backend): RunVariant => ({ id: backend, backend, build: 'current', bin: currentBin }));
  if (!baseline) return current;
  const base = backends.map((backend): RunVariant => ({
    id: `baseline-${backend}`,
    backend,
    build: 'baseline',
    bin: baseline.bin,
  }));
  return [...current, ...base];
}
