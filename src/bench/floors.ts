/**
 * Which floor row a command is read against: a full index against `parse-only` (what parsing the same files alone
 * costs), every other process command against `floor-node` (a bare Node process). Summaries and charts show the
 * floor beside each command; `floor` gates judge against it.
 *
 * @packageDocumentation
 */
import {
  FLOOR_VARIANT,
  isFloorCommand,
  isServerCommand,
  type CommandName,
  type FloorCommandName,
} from './command-names.js';
import { findMeasurement, type Measurement, type RepoResult } from './result.js';
import { medianStatistic } from './statistics/median.js';

/**
 * The floor row a command is read against.
 *
 * @param command - A command name.
 * @returns `parse-only` for `index-full`, `floor-node` for the other process commands, `null` for server commands
 *   and floor rows themselves.
 */
export function floorOf(command: CommandName): FloorCommandName | null {
  if (isServerCommand(command) || isFloorCommand(command)) return null;
  return command === 'index-full' ? 'parse-only' : 'floor-node';
}

/** A floor row's mean on one repository. */
export interface FloorValue {
  readonly command: FloorCommandName;
  /** Mean wall time in milliseconds. */
  readonly meanMs: number;
  /** Median CPU time in milliseconds, or `null` when the row has no CPU times. */
  readonly cpuMedianMs: number | null;
}

/**
 * The median CPU time of a measurement.
 *
 * @param m - A measurement (or none).
 * @returns Median of its CPU samples in milliseconds, or `null` when it did not complete or has none.
 */
export function cpuMedianOf(m: Measurement | undefined): number | null {
  return m?.state === 'completed' && m.cpuSamplesMs ? medianStatistic.of(m.cpuSamplesMs) : null;
}

/**
 * The measured floor of a command on a repository.
 *
 * @param repo - A repository result.
 * @param command - A command name.
 * @returns Its floor row's mean, or `null` when there is none or it was not measured (or did not complete).
 */
export function floorFor(repo: RepoResult, command: CommandName): FloorValue | null {
  const floor = floorOf(command);
  if (floor === null) return null;
  const m = findMeasurement(repo, floor, FLOOR_VARIANT);
  return m?.state === 'completed' ? { command: floor, meanMs: m.stats.mean, cpuMedianMs: cpuMedianOf(m) } : null;
}
