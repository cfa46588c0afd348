/**
 * Every statistic a time gate may name; register a new one here.
 *
 * @packageDocumentation
 */
import { meanStatistic } from './mean.js';
import { medianStatistic } from './median.js';
import type { Statistic } from './statistic.js';

/** Registered statistics, the first being the default. */
export const STATISTICS: readonly Statistic[] = Object.freeze([meanStatistic, medianStatistic]);

/** Names of the registered statistics. */
export const STATISTIC_NAMES: readonly string[] = STATISTICS.map((s) => s.name);

/**
 * Look a statistic up by name.
 *
 * @param name - A registered name.
 * @returns The statistic.
 */
export function statisticNamed(name: string): Statistic {
  const found = STATISTICS.find((s) => s.name === name);
  if (!found) throw new RangeError(`unknown statistic '${name}' (known: ${STATISTIC_NAMES.join(', ')})`);
  return found;
}
