/**
 * What a gate check produces: one typed finding per gate × repository × command (or size).
 *
 * @packageDocumentation
 */
import type { RepoResult, RunResult } from '../result.js';

/** Outcome of one check: `warn` is a missed informational budget or noise (never fails the check). */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

/** One gate judged on one repository and command (or size). */
export interface GateFinding {
  /** Gate id (a stretch target is reported as `<id> (stretch)`). */
  readonly gate: string;
  /** The gate's kind, e.g. `ratio`. */
  readonly kind: string;
  /** Repository label, or `*` for a gate skipped as a whole. */
  readonly repo: string;
  /** Command name, `index size`, `<language> recall` / `<language> precision`, or `*`. */
  readonly command: string;
  /** Unit of `measured`, `reference` and `budget`. */
  readonly unit: 'ms' | 'bytes' | 'percent';
  /** The candidate's value (mean/median wall time, or size), when known. */
  readonly measured: number | null;
  /** The value the budget derives from (control or baseline), when known. */
  readonly reference: number | null;
  /** The largest passing value (for `percent`: the smallest), when known. */
  readonly budget: number | null;
  /** `measured / reference`, when both are known. */
  readonly ratio: number | null;
  readonly verdict: Verdict;
  /**
   * Which rule decided the verdict: `budget` (within budget, or over it under `significance: none`), `holm` (over
   * budget and significant after the Holm correction), `noise` (over budget but not significant), `severity` (an
   * `info` gate over budget), `ci95` (the legacy interval rule), `state` (errored, skipped or missing).
   */
  readonly rule: 'budget' | 'holm' | 'noise' | 'severity' | 'ci95' | 'state';
  /** How the budget was formed, or why the check was skipped or failed. */
  readonly note: string;
  /** Variant ids of a time cell. */
  readonly variants?: { readonly candidate: string; readonly reference: string };
  /** Which round of samples was judged: the confirmation round when both variants have one. */
  readonly round?: 'first' | 'confirm';
  /** Significance test of a time cell judged by `significance: holm`. */
  readonly test?: SignificanceTest;
  /** For a cell judged on its confirmation round: its first round and why it was confirmed. */
  readonly firstRound?: FirstRound;
}

/** The first round of a confirmed time cell (the verdict comes from the confirmation round). */
export interface FirstRound {
  /** `measured / reference` of the first round. */
  readonly ratio: number | null;
  /** Share of the first round's bootstrap resamples within budget (`null` when the cell is not tested). */
  readonly withinShare: number | null;
  /**
   * The rule that sent it to confirmation: `over budget`, `not clearly within budget` (within on the point estimate,
   * but fewer than 97.5 % of resamples within), or `another cell` (its variants were re-measured for another gate).
   */
  readonly trigger: 'over budget' | 'not clearly within budget' | 'another cell';
}

/** The statistics behind a `holm` verdict. */
export interface SignificanceTest {
  /**
   * One-sided paired-bootstrap p-value of "the candidate is over budget": the share of resamples of the round's
   * pairs within budget (at least 1/(resamples + 1)). Pairs keep the drift both variants of a round saw.
   */
  readonly bootstrapP: number;
  /** Its Holm-adjusted value over every tested cell of the check (`null` until the correction ran). */
  readonly holmP: number | null;
  /** One-sided Mann–Whitney U p-value of "candidate samples exceed the budget of each reference sample". */
  readonly mannWhitneyP: number;
  /** Number of tested cells in the Holm family. */
  readonly family: number | null;
  /** Bootstrap 95 % interval of the candidate/reference ratio over paired samples. */
  readonly ratioCi95: { readonly low: number; readonly high: number };
  /** Largest passing ratio at the point estimate. */
  readonly budgetRatio: number;
  /** Samples per side that were tested. */
  readonly pairs: number;
}

/**
 * The repositories a gate applies to.
 *
 * @param run - The run.
 * @param repos - The gate's `repos` filter, or none for all.
 * @returns Matching repository results.
 */
export function reposOf(run: RunResult, repos: readonly string[] | undefined): RepoResult[] {
  return run.repositories.filter((r) => !repos || repos.includes(r.label));
}

/**
 * A finding that skips a whole gate.
 *
 * @param gate - Id and kind of the gate.
 * @param unit - Unit of the gate's values.
 * @param note - Why it is skipped.
 * @returns The finding (`repo` and `command` are `*`).
 */
export function skipWholeGate(
  gate: { id: string; kind: string },
  unit: GateFinding['unit'],
  note: string,
): GateFinding {
  return skipCell({ gate: gate.id, kind: gate.kind, repo: '*', command: '*', unit }, note);
}

/** The fields that say who a finding is about, before anything is judged. */
export type FindingHead = Pick<GateFinding, 'gate' | 'kind' | 'repo' | 'command' | 'unit' | 'variants'>;

/**
 * A finding that skips one cell (nothing measured to judge).
 *
 * @param head - Who it is about.
 * @param note - Why it is skipped.
 * @returns The finding.
 */
export function skipCell(head: FindingHead, note: string): GateFinding {
  return { ...head, measured: null, reference: null, budget: null, ratio: null, verdict: 'skip', rule: 'state', note };
}
