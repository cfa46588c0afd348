/**
 * One interface for every artifact format; one file per format implements it.
 *
 * @packageDocumentation
 */
import type { RunResult } from '../result.js';

/** Renders a run into one artifact file. */
export interface Exporter {
  /** File name inside the run's artifact folder, e.g. `run.json`. */
  readonly fileName: string;
  /**
   * Render the run (complete or in progress).
   *
   * @param result - The run so far.
   * @returns The file content.
   */
  render(result: RunResult): string;
}
