/**
 * What the time gate kinds (`ratio`, `regression`, `floor`, `scaling`) share: their fields and the judgement of one
 * candidate × reference cell against `max(reference × maxRatio, reference + slackMs)` — of the net values when the
 * gate subtracts a floor row from a side (`candidateFloor`, `referenceFloor`).
 *
 * @packageDocumentation
 */
import { FLOOR_COMMAND_NAMES, FLOOR_VARIANT, type CommandName, type FloorCommandName } from '../command-names.js';
import { checkCommandList } from '../manifest.js';
import type { ObjectReader } from '../config-reader.js';
import { findMeasurement, type Measurement, type RepoResult } from '../result.js';
import { STATISTIC_NAMES, statisticNamed } from '../statistics/registry.js';
import type { FirstRound, GateFinding, SignificanceTest } from './finding.js';
import { bootstrapRatio } from '../statistics/bootstrap.js';
import { mannWhitneyGreater } from '../statistics/mann-whitney.js';
import { isNonEmpty, summarize } from '../stats.js';
import type { GateBase } from './gate-kind.js';

/**
 * When an over-budget time counts as a failure: `holm` (default) — only when it is significant: the one-sided
 * Mann–Whitney U test of the candidate samples against the budget of each reference sample, Holm-corrected across
 * every tested cell of the check, and the bootstrap interval of the paired ratio agree (`gates/holm-family.ts`);
 * `none` — always; `ci95` — the legacy rule: the candidate's Student-t 95 % interval lies wholly above the budget
 * computed from the top of the reference's interval.
 */
export type GateSignificance = 'holm' | 'none' | 'ci95';

/**
 * Which time a gate judges: `wall` (default) — each process's wall time, spawn to exit; `cpu` — its CPU time, user +
 * sys of the process and the descendants it waited for (`CompletedMeasurement.cpuSamplesMs`). Wall time on a shared
 * 2-core machine scatters with the load, more so between rows measured at different moments (a `floor` gate's floor
 * row); CPU time does not wait for a core, so a target about the work a command does is judged on `cpu`.
 */
export type GateClock = 'wall' | 'cpu';

/** Clocks, the first being the default. */
export const GATE_CLOCKS: readonly GateClock[] = ['wall', 'cpu'];

/** Significance rules, the first being the default. */
export const SIGNIFICANCE_RULES: readonly GateSignificance[] = ['holm', 'none', 'ci95'];

/** Resamples of a gate's bootstrap: p resolution 1/4001, enough for Holm over ~200 cells. */
const BOOTSTRAP_RESAMPLES = 4000;
/**
 * A second, finer bootstrap for a cell whose coarse p is small and whose pair count supports less than 1/4001: Holm
 * over m cells needs p ≤ α/m for the smallest, so with 1/4001 as the lowest p no cell of a family above ~200 could
 * ever fail (the broad campaign judges ~390). 100,000 resamples resolve 1e-5; cells with fewer pairs are bounded by
 * {@link signTestFloor} anyway, and clear cells are few, so the cost stays small.
 */
const FINE_RESAMPLES = 100_000;
const FINE_BELOW = 0.005;

/**
 * A first round is **clearly within budget** when at least this share of its bootstrap resamples are within budget —
 * the one-sided counterpart of the 95 % interval's upper bound staying under the budget. Any other cell of an `error`
 * gate is confirmed: a slowed cell whose short first round came out within budget by noise (at load 17–19, 4 of 42
 * slowed cells in session 9's evidence) would otherwise pass unexamined.
 */
export const CLEARLY_WITHIN_SHARE = 0.975;

/** Why a cell was re-measured: its first round was over budget, or within budget but not clearly. */
export type ConfirmTrigger = 'over budget' | 'not clearly within budget';

/**
 * Whether a judged round calls for (more) confirmation, and why.
 *
 * @param measured - The candidate's statistic.
 * @param budget - Its budget.
 * @param withinShare - Share of the round's bootstrap resamples within budget, or `null` when the cell is not tested
 *   (then only an over-budget cell is confirmed).
 * @returns The trigger, or `null` when the round is clearly within budget.
 */
export function confirmTrigger(measured: number, budget: number, withinShare: number | null): ConfirmTrigger | null {
  if (measured > budget) return 'over budget';
  return withinShare !== null && withinShare < CLEARLY_WITHIN_SHARE ? 'not clearly within budget' : null;
}

/** Fields of a time gate. */
export interface TimeGateFields {
  readonly commands: readonly CommandName[];
  readonly maxRatio: number;
  /** Absolute slack in milliseconds; the more forgiving of ratio and slack applies. */
  readonly slackMs: number;
  /** A registered statistic (`statistics/registry.ts`), default `mean`. */
  readonly statistic: string;
  /** When an over-budget time fails; default `holm`. */
  readonly significance: GateSignificance;
  /** Which time is judged; default `wall`. */
  readonly clock: GateClock;
  /**
   * A floor row whose statistic (same statistic and clock, on the candidate's repository) is subtracted from the
   * candidate's before the comparison: the candidate's work beyond a fixed cost, e.g. a DuckDB query beyond
   * `duckdb-open`. Default: nothing subtracted.
   */
  readonly candidateFloor?: FloorCommandName;
  /** The same for the reference, e.g. a SQLite query beyond `floor-node`; the budget derives from the net value. */
  readonly referenceFloor?: FloorCommandName;
}

/** Own fields of every time gate kind. */
export const TIME_GATE_FIELDS: readonly string[] = [
  'commands',
  'maxRatio',
  'slackMs',
  'statistic',
  'significance',
  'clock',
  'candidateFloor',
  'referenceFloor',
];

/**
 * Read the shared time gate fields.
 *
 * @param reader - The rule.
 * @returns The fields.
 */
export function parseTimeFields(reader: ObjectReader): TimeGateFields {
  const significance = reader.optionalOneOf('significance', SIGNIFICANCE_RULES) ?? SIGNIFICANCE_RULES[0]!;
  const candidateFloor = reader.optionalOneOf('candidateFloor', FLOOR_COMMAND_NAMES);
  const referenceFloor = reader.optionalOneOf('referenceFloor', FLOOR_COMMAND_NAMES);
  const severity = reader.optionalOneOf('severity', ['error', 'info'] as const) ?? 'error';
  // The significance tests resample the candidate's and the reference's samples, not the subtracted floor row's: a
  // net comparison is reported (`info`) or judged on its point estimate (`significance: none`), never tested.
  if ((candidateFloor ?? referenceFloor) !== undefined && severity === 'error' && significance !== 'none') {
    throw reader.error(
      candidateFloor !== undefined ? 'candidateFloor' : 'referenceFloor',
      'subtracts a floor row, which the significance test does not resample: use "severity": "info" or "significance": "none"',
    );
  }
  return {
    commands: checkCommandList(reader.file, reader, 'commands', reader.stringList('commands')),
    maxRatio: reader.number('maxRatio', 0),
    slackMs: reader.optionalNumber('slackMs', 0) ?? 0,
    statistic: reader.optionalOneOf('statistic', STATISTIC_NAMES) ?? STATISTIC_NAMES[0]!,
    significance,
    clock: reader.optionalOneOf('clock', GATE_CLOCKS) ?? GATE_CLOCKS[0]!,
    ...(candidateFloor !== undefined ? { candidateFloor } : {}),
    ...(referenceFloor !== undefined ? { referenceFloor } : {}),
  };
}

type Samples = { readonly samples: readonly number[]; readonly round: 'first' | 'confirm' };
/** A measurement's samples as a gate sees them. */
export type TimeValue =
  | { readonly first: readonly number[]; readonly confirm: readonly number[] | null }
  | { readonly problem: string; readonly state: 'errored' | 'skipped' | 'missing' };

/**
 * The samples a gate judges: wall or CPU times of the first round and of the confirmation round, if any.
 *
 * @param m - The measurement.
 * @param variant - Its label for messages.
 * @param clock - Which time.
 * @returns The samples, or why there are none (a row without CPU times is `missing` on the `cpu` clock).
 */
export function timeOf(m: Measurement | undefined, variant: string, clock: GateClock = 'wall'): TimeValue {
  if (!m) return { state: 'missing', problem: `${variant} not measured in this run` };
  if (m.state === 'skipped') return { state: 'skipped', problem: `${variant} skipped: ${m.reason}` };
  if (m.state === 'errored') return { state: 'errored', problem: `${variant} errored: ${m.error}` };
  if (clock === 'wall') {
    return { first: m.samplesMs, confirm: m.confirm?.state === 'completed' ? m.confirm.samplesMs : null };
  }
  if (!m.cpuSamplesMs) return { state: 'missing', problem: `${variant} has no CPU times in this run` };
  const confirm = m.confirm?.state === 'completed' ? (m.confirm.cpuSamplesMs ?? null) : null;
  return { first: m.cpuSamplesMs, confirm };
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
  /** The reference's command when it differs from the candidate's (a floor row); default `command`. */
  readonly referenceCommand?: CommandName;
  /** The repository the reference was measured on when it is another one (a size-scaling pair); default `repo`. */
  readonly referenceRepo?: RepoResult;
  /**
   * Whether sample i of both sides ran in the same round (default `true`); a floor row is measured in rounds of its
   * own, so its samples are resampled apart from the candidate's.
   */
  readonly paired?: boolean;
}

function ratioText(measured: number, reference: number): string {
  return reference > 0 ? `×${(measured / reference).toFixed(3)}` : 'n/a';
}

/**
 * Judge one time cell on its confirmation round when both variants have one, else on the first round. Under
 * `significance: holm` an over-budget cell is a provisional `fail` carrying its test; `applyHolm` settles it.
 *
 * @param c - Gate, repository, command and the two variants.
 * @returns The finding.
 */
export function judgeTime(c: TimedCheck): GateFinding {
  const { gate } = c;
  const head = {
    gate: gate.id,
    kind: gate.kind,
    repo: c.repo.label,
    command: c.command,
    unit: 'ms' as const,
    variants: { candidate: c.candidate, reference: c.reference },
  };
  const cand = timeOf(findMeasurement(c.repo, c.command, c.candidate), c.candidate, gate.clock);
  const referenceCommand = c.referenceCommand ?? c.command;
  const refRepo = c.referenceRepo ?? c.repo;
  const refLabel = refRepo === c.repo ? (c.referenceCommand ?? c.reference) : `${refRepo.label} ${c.reference}`;
  const ref = timeOf(findMeasurement(refRepo, referenceCommand, c.reference), refLabel, gate.clock);
  const empty = { measured: null, reference: null, budget: null, ratio: null, rule: 'state' as const };
  for (const [value, lenient] of [
    [ref, c.lenientReference],
    [cand, false],
  ] as const) {
    if ('first' in value) continue;
    const skip = value.state !== 'errored' || lenient;
    return { ...head, ...empty, verdict: skip ? 'skip' : 'fail', note: value.problem };
  }
  const candValue = cand as { first: readonly number[]; confirm: readonly number[] | null };
  const refValue = ref as { first: readonly number[]; confirm: readonly number[] | null };
  const stat = statisticNamed(gate.statistic);
  const pick = (v: typeof candValue, confirm: boolean): Samples =>
    confirm ? { samples: v.confirm!, round: 'confirm' } : { samples: v.first, round: 'first' };
  const confirmed = candValue.confirm !== null && refValue.confirm !== null;
  const cs = pick(candValue, confirmed).samples;
  const rs = pick(refValue, confirmed).samples;
  const offsets = floorOffsets(c, refRepo);
  if ('problem' in offsets) return { ...head, ...empty, verdict: 'skip', note: offsets.problem };
  const measured = stat.of(cs) - offsets.candidate;
  const reference = stat.of(rs) - offsets.reference;
  // Without slack the budget is the ratio alone: `max(base × 0.75, base + 0)` would quietly turn a target below ×1
  // (a full index ≤ 0.75 × parse-only) into ×1.
  const budgetFor = (base: number): number =>
    gate.slackMs > 0 ? Math.max(base * gate.maxRatio, base + gate.slackMs) : base * gate.maxRatio;
  const budget = budgetFor(reference);
  const ok = measured <= budget;
  // Every error-severity cell under `holm` is a member of the family, passing or not (a smaller family would make
  // the correction too lenient).
  const tested = gate.significance === 'holm' && gate.severity === 'error' && !offsets.net;
  const paired = c.paired ?? true;
  const first = confirmed
    ? firstRoundOf(candValue.first, refValue.first, stat, budgetFor, tested, paired, offsets)
    : null;
  const firstRound = first
    ? `; first round ${ratioText(first.measured, first.reference)} (${first.why}), confirm round ${ratioText(measured, reference)}`
    : '';
  const clock = gate.clock === 'cpu' ? ' CPU' : '';
  const less = (floor: FloorCommandName | undefined): string => (floor === undefined ? '' : ` − ${floor}`);
  // A floor row's variant is `floor` whatever the row: name the row instead.
  const candidateLabel = c.candidate === FLOOR_VARIANT ? c.command : c.candidate;
  const rule = `${gate.statistic}${clock} ${candidateLabel}${less(gate.candidateFloor)} vs ${refLabel}${less(gate.referenceFloor)}: ≤ ×${gate.maxRatio} or +${gate.slackMs} ms${firstRound}`;
  const found = {
    ...head,
    measured,
    reference,
    budget,
    ratio: reference > 0 ? measured / reference : null,
    round: confirmed ? ('confirm' as const) : ('first' as const),
    ...(first ? { firstRound: first.record } : {}),
  };
  const coarse = tested ? bootstrapRatio(cs, rs, stat, budgetFor, BOOTSTRAP_RESAMPLES, paired) : null;
  const finer =
    coarse !== null && coarse.withinBudget < FINE_BELOW && signTestFloor(coarse.pairs) < 1 / (BOOTSTRAP_RESAMPLES + 1);
  const boot = finer ? bootstrapRatio(cs, rs, stat, budgetFor, FINE_RESAMPLES, paired) : coarse;
  const test: SignificanceTest | undefined = boot
    ? {
        bootstrapP: Math.max(boot.withinBudget, 1 / (boot.resamples + 1), signTestFloor(boot.pairs)),
        mannWhitneyP: mannWhitneyGreater(cs, rs.map(budgetFor)).pValue,
        holmP: null,
        family: null,
        ratioCi95: { low: boot.low, high: boot.high },
        budgetRatio: reference > 0 ? budget / reference : Number.POSITIVE_INFINITY,
        pairs: boot.pairs,
      }
    : undefined;
  const withTest = test ? { ...found, test } : found;
  if (ok) return { ...withTest, verdict: 'pass', rule: 'budget', note: rule };
  if (gate.severity !== 'error') return { ...found, verdict: 'warn', rule: 'severity', note: `${rule}; informational` };
  if (gate.significance === 'none') return { ...found, verdict: 'fail', rule: 'budget', note: rule };
  if (gate.significance === 'ci95') {
    const cCi = summarizeOrNull(cs);
    const rCi = summarizeOrNull(rs);
    const noise = cCi !== null && rCi !== null ? cCi.low <= budgetFor(rCi.high) : false;
    return noise
      ? {
          ...found,
          verdict: 'warn',
          rule: 'ci95',
          note: `${rule}; over budget within the 95 % intervals: not a significant regression`,
        }
      : { ...found, verdict: 'fail', rule: 'ci95', note: rule };
  }
  return { ...withTest, verdict: 'fail', rule: 'holm', note: rule };
}

/** What a gate subtracts from each side (ms of its statistic), and whether it subtracts anything. */
interface FloorOffsets {
  readonly candidate: number;
  readonly reference: number;
  readonly net: boolean;
}

/**
 * The floor rows' statistics a net gate subtracts (`candidateFloor`, `referenceFloor`), each from the floor row of
 * its side's repository, first round (floor rows are never confirmed).
 *
 * @param c - The cell.
 * @param refRepo - The repository of the reference.
 * @returns The offsets (0 where nothing is subtracted), or why a floor row cannot be used (the cell is skipped).
 */
function floorOffsets(c: TimedCheck, refRepo: RepoResult): FloorOffsets | { readonly problem: string } {
  const { gate } = c;
  const stat = statisticNamed(gate.statistic);
  const one = (floor: FloorCommandName | undefined, repo: RepoResult): number | { problem: string } => {
    if (floor === undefined) return 0;
    const value = timeOf(findMeasurement(repo, floor, FLOOR_VARIANT), floor, gate.clock);
    return 'first' in value ? stat.of(value.first) : { problem: value.problem };
  };
  const candidate = one(gate.candidateFloor, c.repo);
  if (typeof candidate !== 'number') return candidate;
  const reference = one(gate.referenceFloor, refRepo);
  if (typeof reference !== 'number') return reference;
  return { candidate, reference, net: gate.candidateFloor !== undefined || gate.referenceFloor !== undefined };
}

/**
 * The smallest p-value n pairs can support: if the candidate were within budget, each pair would fall on either side
 * of it at least half the time, so "every pair over budget" happens with probability up to 2^-n. The bootstrap alone
 * says p ≈ 0 whenever every pair is over budget, whatever n: on the loaded 2-core machine, A/A confirmation rounds of
 * 4 pairs of the same build came out ×1.2–×2.1 with every pair on one side, and failed (issue 13 ledger, session 9).
 * With this floor, a family of 100 cells needs ≥ 11 pairs before any cell can fail.
 *
 * @param pairs - Pairs tested.
 * @returns 2^-pairs.
 */
export function signTestFloor(pairs: number): number {
  return 0.5 ** pairs;
}

/**
 * The first round of a confirmed cell: its ratio, its share of bootstrap resamples within budget and the rule that
 * sent it to confirmation (`another cell` when its variants were re-measured for a different gate's cell).
 *
 * @param cand - The candidate's first-round samples.
 * @param ref - The reference's first-round samples.
 * @param stat - The gate's statistic.
 * @param budgetFor - Budget for a reference value.
 * @param tested - Whether the cell is bootstrapped (`holm` on an `error` gate).
 * @param paired - Whether samples pair by round.
 * @param offsets - What a net gate subtracts from each side.
 * @returns Statistic of each side, the record for the finding and a phrase for its note.
 */
function firstRoundOf(
  cand: readonly number[],
  ref: readonly number[],
  stat: ReturnType<typeof statisticNamed>,
  budgetFor: (base: number) => number,
  tested: boolean,
  paired: boolean,
  offsets: FloorOffsets,
): { measured: number; reference: number; record: FirstRound; why: string } {
  const measured = stat.of(cand) - offsets.candidate;
  const reference = stat.of(ref) - offsets.reference;
  const share = tested ? bootstrapRatio(cand, ref, stat, budgetFor, BOOTSTRAP_RESAMPLES, paired).withinBudget : null;
  const trigger = confirmTrigger(measured, budgetFor(reference), share) ?? 'another cell';
  const record: FirstRound = { ratio: reference > 0 ? measured / reference : null, withinShare: share, trigger };
  const percent = share === null ? '' : `, ${(share * 100).toFixed(1)} % of resamples within`;
  return { measured, reference, record, why: `${trigger}${percent}` };
}

function summarizeOrNull(samples: readonly number[]): { low: number; high: number } | null {
  return isNonEmpty(samples) ? summarize(samples).ci95 : null;
}
