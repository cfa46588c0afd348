/**
 * `latency` gates: budgets on a variant's own samples — absolute (`p50 ≤ 5 ms`) or relative to another statistic of
 * the same cell (`p99 ≤ 3 × p50`) or to another command of the same variant (`mcp-start ≤ 2 × sym`). Used for the
 * server targets in `gates/ambition.json`. Not a paired comparison, so never part of the Holm family.
 *
 * @packageDocumentation
 */
import type { CommandName } from '../command-names.js';
import { checkCommandList } from '../manifest.js';
import { findMeasurement, type Measurement, type RepoResult } from '../result.js';
import { isNonEmpty, percentiles } from '../stats.js';
import { reposOf, type GateFinding } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';

/** Statistics a latency gate can judge. */
export const LATENCY_STATISTICS = Object.freeze(['mean', 'median', 'p50', 'p95', 'p99', 'max'] as const);

/** A statistic of a latency gate. */
export type LatencyStatistic = (typeof LATENCY_STATISTICS)[number];

/**
 * An absolute or relative budget on one statistic of each variant's own samples: `maxMs`, or `maxTimes` × a
 * reference taken from the same variant — another statistic of the same cell (`ofStatistic`) or the same statistic
 * of another command (`ofCommand`).
 */
export interface LatencyGate extends GateBase {
  readonly kind: 'latency';
  readonly commands: readonly CommandName[];
  /** Only these variant ids (default: every variant of the current build). */
  readonly variants?: readonly string[];
  readonly statistic: LatencyStatistic;
  readonly maxMs?: number;
  readonly maxTimes?: number;
  readonly ofStatistic?: LatencyStatistic;
  readonly ofCommand?: CommandName;
}

/**
 * One statistic of a completed measurement.
 *
 * @param m - The measurement.
 * @param statistic - Which statistic.
 * @returns The value in milliseconds, or why there is none.
 */
export function latencyOf(m: Measurement | undefined, statistic: LatencyStatistic): number | string {
  if (!m) return 'not measured in this run';
  if (m.state === 'skipped') return `skipped: ${m.reason}`;
  if (m.state === 'errored') return `errored: ${m.error}`;
  if (statistic === 'mean') return m.stats.mean;
  if (statistic === 'median') return m.stats.median;
  if (statistic === 'max') return m.stats.max;
  const tail = m.percentiles ?? (isNonEmpty(m.samplesMs) ? percentiles(m.samplesMs) : null);
  return tail ? tail[statistic] : 'no samples';
}

function judge(gate: LatencyGate, repo: RepoResult, command: CommandName, variant: string): GateFinding {
  const head = {
    gate: gate.id,
    kind: gate.kind,
    repo: repo.label,
    command: `${command} (${variant})`,
    unit: 'ms' as const,
  };
  const empty = { measured: null, reference: null, budget: null, ratio: null };
  const failing = gate.severity === 'error' ? 'fail' : 'warn';
  // An `info` gate over budget is decided by its severity; everything else by the budget.
  const overRule = gate.severity === 'error' ? ('budget' as const) : ('severity' as const);
  const measured = latencyOf(findMeasurement(repo, command, variant), gate.statistic);
  if (typeof measured === 'string') {
    const skip = !measured.startsWith('errored');
    return { ...head, ...empty, verdict: skip ? 'skip' : failing, rule: 'state', note: `${variant} ${measured}` };
  }
  if (gate.maxMs !== undefined) {
    const ok = measured <= gate.maxMs;
    return {
      ...head,
      measured,
      reference: null,
      budget: gate.maxMs,
      ratio: null,
      verdict: ok ? 'pass' : failing,
      rule: ok ? 'budget' : overRule,
      note: `${gate.statistic} ≤ ${gate.maxMs} ms`,
    };
  }
  const refCommand = gate.ofCommand ?? command;
  const refStatistic = gate.ofStatistic ?? gate.statistic;
  const reference = latencyOf(findMeasurement(repo, refCommand, variant), refStatistic);
  const what = `${gate.statistic} ≤ ×${gate.maxTimes} ${refStatistic}${gate.ofCommand ? ` of ${gate.ofCommand}` : ''}`;
  if (typeof reference === 'string') {
    return { ...head, ...empty, measured, verdict: 'skip', rule: 'state', note: `${what}: reference ${reference}` };
  }
  const budget = reference * gate.maxTimes!;
  const ok = measured <= budget;
  return {
    ...head,
    measured,
    reference,
    budget,
    ratio: reference > 0 ? measured / reference : null,
    verdict: ok ? 'pass' : failing,
    rule: ok ? 'budget' : overRule,
    note: what,
  };
}

/** The `latency` kind. */
export const latencyGateKind: GateKind<LatencyGate> = {
  kind: 'latency',
  fields: ['commands', 'variants', 'statistic', 'maxMs', 'maxTimes', 'ofStatistic', 'ofCommand'],
  parse: (reader, base) => {
    const maxMs = reader.optionalNumber('maxMs', 0);
    const maxTimes = reader.optionalNumber('maxTimes', 0);
    const ofStatistic = reader.optionalOneOf('ofStatistic', LATENCY_STATISTICS);
    const ofCommands = reader.has('ofCommand')
      ? checkCommandList(reader.file, reader, 'ofCommand', [reader.string('ofCommand')])
      : [];
    if ((maxMs === undefined) === (maxTimes === undefined))
      throw reader.error('maxMs', 'give exactly one of maxMs and maxTimes');
    if (maxTimes !== undefined && ofStatistic === undefined && ofCommands.length === 0)
      throw reader.error('maxTimes', 'needs ofStatistic or ofCommand (what it multiplies)');
    return {
      ...base,
      kind: 'latency',
      commands: checkCommandList(reader.file, reader, 'commands', reader.stringList('commands')),
      variants: reader.optionalStringList('variants'),
      statistic: reader.optionalOneOf('statistic', LATENCY_STATISTICS) ?? 'p50',
      maxMs,
      maxTimes,
      ofStatistic,
      ofCommand: ofCommands[0],
    };
  },
  check: (run, gate) => {
    const variants = gate.variants ?? run.variants.filter((v) => v.build === 'current').map((v) => v.id);
    return reposOf(run, gate.repos).flatMap((repo) =>
      gate.commands.flatMap((command) => variants.map((variant) => judge(gate, repo, command, variant))),
    );
  },
};
