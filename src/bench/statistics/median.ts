/**
 * The median: robust to a single slow outlier sample.
 *
 * @packageDocumentation
 */
import { median } from 'simple-statistics';
import type { Statistic } from './statistic.js';

/** `"statistic": "median"`. */
export const medianStatistic: Statistic = { name: 'median', of: (samples) => median([...samples]) };
