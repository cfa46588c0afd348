/**
 * `run.json`: the {@link RunResult} itself, the source every other artifact and the gate checker are derived from.
 *
 * @packageDocumentation
 */
import type { RunResult } from '../result.js';
import type { Exporter } from './exporter.js';

/** Writes `run.json`. */
export const jsonExporter: Exporter = Object.freeze({
  fileName: 'run.json',
  render: (result: RunResult): string => `${JSON.stringify(result, null, 2)}\n`,
});
