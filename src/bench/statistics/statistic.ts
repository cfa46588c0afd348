/**
 * A statistic a time gate compares (`"statistic": "<name>"` in a gate file). Computed from raw samples, so the
 * bootstrap can recompute it on every resample. A new statistic is one file plus one line in `registry.ts`.
 *
 * @packageDocumentation
 */

/** One named statistic of a sample set. */
export interface Statistic {
  /** Its name in gate files. */
  readonly name: string;
  /**
   * Compute it.
   *
   * @param samples - At least one value.
   * @returns The statistic, in the unit of the samples.
   */
  of(samples: readonly number[]): number;
}
