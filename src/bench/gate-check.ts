/**
 * The gate checker: evaluates a gate file against a run and returns typed findings. It prints nothing; renderers in
 * `gate-render.ts` turn the report into the table, `gates.md` and `gates.json`.
 *
 * @packageDocumentation
 */
import type { CommandName } from './command-names.js';
import type { Gate, GateFile, GateStatistic, RatioGate, RegressionGate, SizeGate } from './gate-file.js';
import { findMeasurement, type Measurement, type RepoResult, type RunResult } from './result.js';

/** Outcome of one check: `warn` is a missed informational budget (never fails the check). */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

/** One gate judged on one repository and command (or size). */
export interface GateFinding {
  /** Gate id (a stretch target is reported as `<id> (stretch)`). */
  readonly gate: string;
  readonly kind: Gate['kind'];
  /** Repository label, or `*` for a gate skipped as a whole. */
  readonly repo: string;
  /** Command name, `index size`, or `*`. */
  readonly command: string;
  /** Unit of `measured`, `reference` and `budget`. */
  readonly unit: 'ms' | 'bytes';
  /** The candidate's value (mean/median wall time, or size), when known. */
  readonly measured: number | null;
  /** The value the budget derives from (control or baseline), when known. */
  readonly reference: number | null;
  /** The largest passing value, when known. */
  readonly budget: number | null;
  /** `measured / reference`, when both are known. */
  readonly ratio: number | null;
  readonly verdict: Verdict;
  /** How the budget was formed, or why the check was skipped or failed. */
  readonly note: string;
}

/** All findings of one gate check. */
export interface GateReport {
  readonly runId: string;
  /** Status of the run that was checked (`running` means it stopped early). */
  readonly runStatus: RunResult['status'];
  /** Gate file path. */
  readonly gatesFile: string;
  readonly findings: readonly GateFinding[];
  /** Findings per verdict. */
  readonly counts: Readonly<Record<Verdict, number>>;
  /** `true` when no finding failed and the run completed (a run that stopped early cannot pass). */
  readonly ok: boolean;
}

type Interval = { readonly low: number; readonly high: number } | null;

type TimeValue =
  | { readonly value: number; readonly ci95: Interval }
  | { readonly problem: string; readonly state: 'errored' | 'skipped' | 'missing' };

function timeOf(m: Measurement | undefined, statistic: GateStatistic, variant: string): TimeValue {
  if (!m) return { state: 'missing', problem: `${variant} not measured in this run` };
  if (m.state === 'skipped') return { state: 'skipped', problem: `${variant} skipped: ${m.reason}` };
  if (m.state === 'errored') return { state: 'errored', problem: `${variant} errored: ${m.error}` };
  return { value: statistic === 'mean' ? m.stats.mean : m.stats.median, ci95: m.stats.ci95 };
}

function reposOf(run: RunResult, gate: Gate): RepoResult[] {
  return run.repositories.filter((r) => !gate.repos || gate.repos.includes(r.label));
}

interface TimedCheck {
  readonly gate: RatioGate | RegressionGate;
  readonly repo: RepoResult;
  readonly command: CommandName;
  readonly candidate: string;
  readonly reference: string;
  /** Skip instead of failing when the reference cannot be measured (an old baseline may lack a command). */
  readonly lenientReference: boolean;
}

function judgeTime(c: TimedCheck): GateFinding {
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

function checkRatio(run: RunResult, gate: RatioGate): GateFinding[] {
  return reposOf(run, gate).flatMap((repo) =>
    gate.commands.map((command) =>
      judgeTime({ gate, repo, command, candidate: gate.candidate, reference: gate.control, lenientReference: false }),
    ),
  );
}

function checkRegression(run: RunResult, gate: RegressionGate): GateFinding[] {
  const current = run.variants.find((v) => v.build === 'current' && v.backend === gate.backend);
  const baseline = run.variants.find((v) => v.build === 'baseline' && v.backend === gate.backend);
  if (!run.baseline || !current || !baseline) {
    const note = !run.baseline
      ? 'no baseline in this run (run the campaign with --baseline <git-ref>)'
      : `no ${gate.backend} variant for both builds in this run`;
    return [skipAll(gate, note)];
  }
  return reposOf(run, gate).flatMap((repo) =>
    gate.commands.map((command) =>
      judgeTime({ gate, repo, command, candidate: current.id, reference: baseline.id, lenientReference: true }),
    ),
  );
}

function skipAll(gate: Gate, note: string): GateFinding {
  return {
    gate: gate.id,
    kind: gate.kind,
    repo: '*',
    command: '*',
    unit: gate.kind === 'size' ? 'bytes' : 'ms',
    measured: null,
    reference: null,
    budget: null,
    ratio: null,
    verdict: 'skip',
    note,
  };
}

function checkSize(run: RunResult, gate: SizeGate): GateFinding[] {
  const findings: GateFinding[] = [];
  for (const repo of reposOf(run, gate)) {
    const head = { kind: gate.kind, repo: repo.label, command: 'index size', unit: 'bytes' as const };
    const cand = repo.sizes.find((s) => s.variant === gate.candidate)?.stateDirBytes;
    const ref = repo.sizes.find((s) => s.variant === gate.control)?.stateDirBytes;
    if (cand === undefined || ref === undefined) {
      const missing = cand === undefined ? gate.candidate : gate.control;
      findings.push({
        ...head,
        gate: gate.id,
        measured: cand ?? null,
        reference: ref ?? null,
        budget: null,
        ratio: null,
        verdict: gate.severity === 'error' ? 'fail' : 'warn',
        note: `no ${missing} index size (its first full index failed or it was not in the run)`,
      });
      continue;
    }
    const ratio = ref > 0 ? cand / ref : null;
    const judge = (id: string, maxRatio: number, severity: 'error' | 'info'): GateFinding => {
      const budget = ref * maxRatio;
      const ok = cand <= budget;
      return {
        ...head,
        gate: id,
        measured: cand,
        reference: ref,
        budget,
        ratio,
        verdict: ok ? 'pass' : severity === 'error' ? 'fail' : 'warn',
        note: `${gate.candidate} vs ${gate.control} state directory: ≤ ×${maxRatio}${id === gate.id ? '' : ' (recorded, not enforced)'}`,
      };
    };
    findings.push(judge(gate.id, gate.maxRatio, gate.severity));
    if (gate.stretchRatio !== undefined) findings.push(judge(`${gate.id} (stretch)`, gate.stretchRatio, 'info'));
  }
  return findings;
}

/**
 * Evaluate every gate of a file against a run.
 *
 * @param run - The run's `run.json` content.
 * @param gates - The parsed gate file.
 * @returns Findings in gate-file order, with counts and the overall verdict.
 */
export function checkGates(run: RunResult, gates: GateFile): GateReport {
  const findings = gates.gates.flatMap((gate): GateFinding[] => {
    if (gate.kind === 'ratio') return checkRatio(run, gate);
    if (gate.kind === 'size') return checkSize(run, gate);
    return checkRegression(run, gate);
  });
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const f of findings) counts[f.verdict]++;
  return {
    runId: run.runId,
    runStatus: run.status,
    gatesFile: gates.file,
    findings,
    counts,
    ok: counts.fail === 0 && run.status === 'completed',
  };
}
