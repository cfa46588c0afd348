/**
 * Runner step 3b — confirm on alert: after a repository is measured, judge its time cells against the gate file;
 * every cell of an `error` gate that is not **clearly within budget** — over budget, or within it on the point
 * estimate while fewer than 97.5 % of its bootstrap resamples are (`CLEARLY_WITHIN_SHARE`) — is re-measured with more
 * interleaved runs of just its variants, in batches, more only for cells whose verdict is still open; the second round
 * is recorded beside the first (`Measurement.confirm`). Gates then decide on the confirmation round, which was not
 * selected for looking bad (so a one-off slow round cannot fail a gate alone) nor for looking good (so a slowed cell
 * whose short first round came out fast by noise is still examined).
 *
 * @packageDocumentation
 */
import { FLOOR_VARIANT, isServerCommand, type CommandName, type ProcessCommandName } from '../command-names.js';
import { COMMAND_PLANS } from '../commands.js';
import { checkGates, type GateFinding, type GateReport } from '../gate-check.js';
import { FAMILY_ALPHA } from '../gates/holm-family.js';
import { confirmTrigger, type ConfirmTrigger } from '../gates/time-gate.js';
import type { GateFile } from '../gate-file.js';
import type { ConfirmRound, Measurement, RepoResult, RunResult, Targets } from '../result.js';
import { isNonEmpty, summarize, type NonEmptyArray } from '../stats.js';
import type { RepoContext } from './executor.js';
import { cpuSeries, interleave, type LoopSamples } from './measure-loop.js';
import type { StepDeps } from './targets.js';

/** How alerts are confirmed. */
export interface ConfirmOptions {
  /** Gates judged after each repository (normally `gates/<campaign>.json`). */
  readonly gates: GateFile;
  /** Measured runs of one confirmation batch per variant. */
  readonly runs: number;
  /**
   * At most this many confirmation runs per cell (≥ `runs`): a cell still over budget but not yet significant after a
   * batch gets another batch, up to this total — more runs only where the verdict is close.
   */
  readonly maxRuns: number;
  /** At most this many cells are confirmed per campaign run (bounds the time a bad build costs CI). */
  readonly maxCells: number;
}

/** Cells confirmed so far in this campaign run. */
export interface ConfirmBudget {
  used: number;
}

/** One cell under confirmation: the finding that alerted, by gate, command and variants. */
interface Cell {
  readonly gate: string;
  readonly command: ProcessCommandName;
  readonly candidate: string;
  readonly reference: string;
}

/**
 * Why a judged cell calls for (more) confirmation, or `null` when it does not.
 *
 * @param f - A finding of the check.
 * @returns The trigger: `over budget` or `not clearly within budget`.
 */
function triggerOf(f: GateFinding): ConfirmTrigger | null {
  if (f.variants === undefined || f.measured === null || f.budget === null) return null;
  return confirmTrigger(f.measured, f.budget, f.test?.bootstrapP ?? null);
}

function firstRoundText(f: GateFinding, trigger: ConfirmTrigger): string {
  const budgetRatio = f.reference !== null && f.reference > 0 ? f.budget! / f.reference : null;
  // Within budget on the point estimate, the bootstrap p is the share of resamples within (its floors are ≤ ½).
  const within =
    trigger === 'not clearly within budget' && f.test
      ? `, ${(f.test.bootstrapP * 100).toFixed(1)} % of resamples within`
      : '';
  return `first round ×${f.ratio?.toFixed(3) ?? 'n/a'} vs budget ×${budgetRatio?.toFixed(3) ?? 'n/a'}${within}`;
}

/**
 * Whether a cell needs more runs: still over budget on the point estimate, and its bootstrap p-value is above the
 * Bonferroni level of the whole check (`α / family`) — at or below it, Holm finds it significant whatever the other
 * cells do, so more runs cannot change the verdict. A cell back within budget after a batch gets no more: its first
 * batch already decides it (`pass`), and a second batch for every A/A cell near a tight budget (×1.03 on a long full
 * index) would double what confirmation costs a clean run.
 *
 * @param f - The cell's finding after the latest batch.
 * @param family - Estimated size of the final check's Holm family.
 * @returns `true` when another batch could change the verdict.
 */
function undecided(f: GateFinding | undefined, family: number): boolean {
  if (!f || triggerOf(f) !== 'over budget') return false;
  return f.test !== undefined && f.test.bootstrapP > FAMILY_ALPHA / Math.max(1, family);
}

function appendRound(
  previous: ConfirmRound | undefined,
  loop: LoopSamples,
  reason: string,
  runs: number,
): ConfirmRound {
  if (previous?.state === 'errored') return previous;
  if (loop.error !== undefined || !isNonEmpty(loop.samplesMs)) {
    return { state: 'errored', reason, runs, error: loop.error ?? 'no samples' };
  }
  const samplesMs = [...(previous?.samplesMs ?? []), ...loop.samplesMs] as unknown as NonEmptyArray<number>;
  // A batch's CPU series joins the earlier ones only when they all have one (else the pairing with wall breaks).
  const batchCpu = cpuSeries(loop.cpuMs);
  const cpuSamplesMs =
    batchCpu && (previous === undefined || previous.cpuSamplesMs)
      ? ([...(previous?.cpuSamplesMs ?? []), ...batchCpu] as unknown as NonEmptyArray<number>)
      : undefined;
  return {
    state: 'completed',
    reason: previous?.reason ?? reason,
    runs: (previous?.runs ?? 0) + runs,
    samplesMs,
    ...(cpuSamplesMs ? { cpuSamplesMs } : {}),
    peakRssKb: [...(previous?.peakRssKb ?? []), ...loop.peakRssKb],
    stats: summarize(samplesMs),
  };
}

/**
 * Re-measure the cells of a repository that would fail a gate: a batch of `runs` interleaved runs, then another for
 * the cells whose verdict is still open, up to `maxRuns` per cell.
 *
 * @param ctx - The repository being measured (its scratch copies still exist).
 * @param measured - Its first-round result.
 * @param run - The run so far (for variants, baseline and campaign), without this repository.
 * @param targets - Its query targets.
 * @param editsSoFar - Edits already made to the partial-change file per command.
 * @param deps - Variants, executor and progress.
 * @param options - Gates, runs, cap.
 * @param budget - Cells confirmed so far in the run (updated).
 * @param repoCount - Repositories in the run: the family of the final check is about this many times this one's.
 * @returns The repository result with confirmation rounds attached.
 */
export async function confirmAlerts(
  ctx: RepoContext,
  measured: RepoResult,
  run: RunResult,
  targets: Targets,
  editsSoFar: (command: CommandName) => number,
  deps: StepDeps,
  options: ConfirmOptions,
  budget: ConfirmBudget,
  repoCount = 1,
): Promise<RepoResult> {
  const severity = new Map(options.gates.gates.map((g) => [g.id, g.severity]));
  const judge = (measurements: readonly Measurement[]): GateReport =>
    checkGates({ ...run, repositories: [{ ...measured, measurements }] }, options.gates);
  const first = judge(measured.measurements);
  const family = first.findings.filter((f) => f.test !== undefined).length * repoCount;
  let pending: Cell[] = [];
  const reasons = new Map<string, string[]>();
  const alerts = first.findings.flatMap((f) => {
    const trigger = severity.get(f.gate) === 'error' ? triggerOf(f) : null;
    return trigger ? [{ alert: f, trigger }] : [];
  });
  // Over-budget cells first: when the cap is reached, the cells closest to failing are the ones confirmed.
  alerts.sort((a, b) => Number(b.trigger === 'over budget') - Number(a.trigger === 'over budget'));
  for (const { alert, trigger } of alerts) {
    if (budget.used >= options.maxCells) {
      deps.log(`${ctx.repo.label}: confirmation cap of ${options.maxCells} cells reached; ${alert.gate} not confirmed`);
      continue;
    }
    const command = alert.command as CommandName;
    if (isServerCommand(command)) {
      // A server cell's samples are requests to one long-lived server: no process loop can re-measure them.
      deps.log(`${ctx.repo.label}: ${alert.gate} on server command ${command} not confirmed`);
      continue;
    }
    if (alert.variants!.reference === FLOOR_VARIANT) {
      // A floor row is measured once per repository, not in the candidate's rounds: nothing to pair a batch with.
      deps.log(`${ctx.repo.label}: ${alert.gate} against a floor row not confirmed`);
      continue;
    }
    budget.used++;
    pending.push({ gate: alert.gate, command, ...alert.variants! });
    const why = `${alert.gate} ${alert.repo} ${alert.command}: ${trigger} (${firstRoundText(alert, trigger)})`;
    reasons.set(command, [...(reasons.get(command) ?? []), why]);
  }
  let measurements: readonly Measurement[] = measured.measurements;
  for (let done = 0; pending.length > 0 && done < options.maxRuns;) {
    const runs = Math.min(options.runs, options.maxRuns - done);
    for (const command of new Set(pending.map((c) => c.command))) {
      const args = COMMAND_PLANS[command].args(targets);
      if ('skip' in args) continue;
      const cells = pending.filter((c) => c.command === command);
      const variants = new Set(cells.flatMap((c) => [c.candidate, c.reference]));
      const plan = {
        command,
        variants: deps.variants.filter((v) => variants.has(v.id)),
        args,
        targets,
        warmups: 0,
        runs,
        editsSoFar: editsSoFar(command) + done,
        label: done === 0 ? 'confirm' : `confirm (+${done})`,
      };
      const loops = await interleave(ctx, plan, deps);
      const reason = reasons.get(command)!.join('; ');
      measurements = measurements.map((m): Measurement => {
        const loop = loops.get(m.variant);
        if (m.command !== command || !loop || m.state !== 'completed') return m;
        return { ...m, confirm: appendRound(m.confirm, loop, reason, runs) };
      });
    }
    done += runs;
    const report = judge(measurements);
    pending = pending.filter((c) =>
      undecided(
        report.findings.find(
          (f) =>
            f.gate === c.gate &&
            f.command === c.command &&
            f.variants?.candidate === c.candidate &&
            f.variants.reference === c.reference,
        ),
        family,
      ),
    );
  }
  return { ...measured, measurements };
}
