/**
 * What the time gate kinds (`ratio`, `regression`) share: their fields and the judgement of one candidate × reference
 * cell against `max(reference × maxRatio, reference + slackMs)`.
 *
 * @packageDocumentation
 */
import type { CommandName } from '../command-names.js';
import { checkCommandList } from '../manifest.js';
import type { ObjectReader } from '../config-reader.js';
import { findMeasurement, type Measurement, type RepoResult } from '../result.js';
import { STATISTIC_NAMES, statisticNamed } from '../statistics/registry.js';
import type { GateFinding } from './finding.js';
import type { GateBase } from './gate-kind.js';

/**
 * When an over-budget time counts as a failure: `none` — always; `ci95` — only when the candidate's 95 % interval
 * lies wholly above the budget computed from the top of the reference's interval (otherwise `warn`).
 */
export type GateSignificance = 'none' | 'ci95';

/** Fields of a time gate. */
export interface TimeGateFields {
  readonly commands: readonly CommandName[];
  readonly maxRatio: number;
  /** Absolute slack in milliseconds; the more forgiving of ratio and slack applies. */
  readonly slackMs: number;
  /** A registered statistic (`statistics/registry.ts`), default `mean`. */
  readonly statistic: string;
  /** When an over-budget time fails; default `none`. */
  readonly significance: GateSignificance;
}

/** Own fields of every time gate kind. */
export const TIME_GATE_FIELDS: readonly string[] = ['commands', 'maxRatio', 'slackMs', 'statistic', 'significance'];

/**
 * Read the shared time gate fields.
 *
 * @param reader - The rule.
 * @returns The fields.
 */
export function parseTimeFields(reader: ObjectReader): TimeGateFields {
  return {
    commands: checkCommandList(reader.file, reader, 'commands', reader.stringList('commands')),
    maxRatio: reader.number('maxRatio', 0),
    slackMs: reader.optionalNumber('slackMs', 0) ?? 0,
    statistic: reader.optionalOneOf('statistic', STATISTIC_NAMES) ?? STATISTIC_NAMES[0]!,
    significance: reader.optionalOneOf('significance', ['none', 'ci95'] as const) ?? 'none',
  };
}

type Interval = { readonly low: number; readonly high: number } | null;

type TimeValue =
  | { readonly value: number; readonly ci95: Interval }
  | { readonly problem: string; readonly state: 'errored' | 'skipped' | 'missing' };

function timeOf(m: Measurement | undefined, statistic: string, variant: string): TimeValue {
  if (!m) return { state: 'missing', problem: `${variant} not measured in this run` };
  if (m.state === 'skipped') return { state: 'skipped', problem: `${variant} skipped: ${m.reason}` };
  if (m.state === 'errored') return { state: 'errored', problem: `${variant} errored: ${m.error}` };
  return { value: statisticNamed(statistic).of(m.samplesMs), ci95: m.stats.ci95 };
}

/** One cell to judge. */
export interface TimedCheck {
  readonly gate: GateBase & TimeGateFields;
  readonly repo: RepoResult;
  readonly command: CommandName;
  readonly candidate: string;
  readonly reference: string;
  /** Skip instead of failing when the reference cannot be measured (an old baseline may lack a command). */
  readonly lenientReference: boolean;
}

/**
 * Judge one time cell.
 *
 * @param c - Gate, repository, command and the two variants.
 * @returns The finding.
 */
export function judgeTime(c: TimedCheck): GateFinding {
  const { gate } = c;
  const head = { gate: gate.id, kind: gate.kind, repo: c.repo.label, command: c.command, unit: 'ms' as const };
  const cand = timeOf(findMeasurement(c.repo, c.command, c.candidate), gate.statistic, c.candidate);
  const ref = timeOf(findMeasurement(c.repo, c.command, c.reference), gate.statistic, c.reference);
  const empty = { measured: null, reference: null, budget: null, ratio: null };
  for (const [value, lenient] of [
    [ref, c.lenientReference],
    [cand, false],
  ] as const) {
    if ('value' in value) continue;
    const skip = value.state !== 'errored' || lenient;
    return { ...head, ...empty, verdict: skip ? 'skip' : 'fail', note: value.problem };
  }
  const { value: measured, ci95: candidateCi } = cand as { value: number; ci95: Interval };
  const { value: reference, ci95: referenceCi } = ref as { value: number; ci95: Interval };
  const budgetFor = (base: number): number => Math.max(base * gate.maxRatio, base + gate.slackMs);
  const budget = budgetFor(reference);
  const ok = measured <= budget;
  const rule = `${gate.statistic} ${c.candidate} vs ${c.reference}: ≤ ×${gate.maxRatio} or +${gate.slackMs} ms`;
  // With `ci95`, an over-budget value whose interval reaches below the budget of the reference's upper bound is noise.
  const noise =
    !ok && gate.significance === 'ci95' && candidateCi !== null && referenceCi !== null
      ? candidateCi.low <= budgetFor(referenceCi.high)
      : false;
  return {
    ...head,
    measured,
    reference,
    budget,
    ratio: reference > 0 ? measured / reference : null,
    verdict: ok ? 'pass' : noise || gate.severity !== 'error' ? 'warn' : 'fail',
    note: noise ? `${rule}; over budget within the 95 % intervals: not a significant regression` : rule,
  };
}
