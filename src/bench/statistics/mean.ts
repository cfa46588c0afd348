/**
 * The arithmetic mean: sensitive to every sample, the default of time gates.
 *
 * @packageDocumentation
 */
import { mean } from 'simple-statistics';
import type { Statistic } from './statistic.js';

/** `"statistic": "mean"`. */
export const meanStatistic: Statistic = { name: 'mean', of: (samples) => mean([...samples]) };
