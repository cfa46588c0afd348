/**
 * Runner step 3b — confirm on alert: after a repository is measured, judge its time cells against the gate file;
 * every cell that would fail (over budget on an `error` gate) is re-measured with more interleaved runs of just its
 * variants, and the second round is recorded beside the first (`Measurement.confirm`). Gates then decide on the
 * confirmation round, which was not selected for looking bad, so a one-off slow round cannot fail a gate alone.
 *
 * @packageDocumentation
 */
import { isServerCommand, type CommandName, type ProcessCommandName } from '../command-names.js';
import { COMMAND_PLANS } from '../commands.js';
import { checkGates } from '../gate-check.js';
import type { GateFile } from '../gate-file.js';
import type { ConfirmRound, Measurement, RepoResult, RunResult, Targets } from '../result.js';
import { isNonEmpty, summarize } from '../stats.js';
import type { RepoContext } from './executor.js';
import { interleave } from './measure-loop.js';
import type { StepDeps } from './targets.js';

/** How alerts are confirmed. */
export interface ConfirmOptions {
  /** Gates judged after each repository (normally `gates/<campaign>.json`). */
  readonly gates: GateFile;
  /** Measured runs of a confirmation round per variant. */
  readonly runs: number;
  /** At most this many cells are confirmed per campaign run (bounds the time a bad build costs CI). */
  readonly maxCells: number;
}

/** Cells confirmed so far in this campaign run. */
export interface ConfirmBudget {
  used: number;
}

/**
 * Re-measure the cells of a repository that would fail a gate.
 *
 * @param ctx - The repository being measured (its scratch copies still exist).
 * @param measured - Its first-round result.
 * @param run - The run so far (for variants, baseline and campaign), without this repository.
 * @param targets - Its query targets.
 * @param editsSoFar - Edits already made to the partial-change file per command.
 * @param deps - Variants, executor and progress.
 * @param options - Gates, runs, cap.
 * @param budget - Cells confirmed so far in the run (updated).
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
): Promise<RepoResult> {
  const severity = new Map(options.gates.gates.map((g) => [g.id, g.severity]));
  const report = checkGates({ ...run, repositories: [measured] }, options.gates);
  const alerts = report.findings.filter(
    (f) =>
      f.variants !== undefined &&
      f.measured !== null &&
      f.budget !== null &&
      f.measured > f.budget &&
      severity.get(f.gate) === 'error',
  );
  const byCommand = new Map<ProcessCommandName, { variants: Set<string>; reasons: string[] }>();
  for (const alert of alerts) {
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
    budget.used++;
    const entry = byCommand.get(command) ?? { variants: new Set<string>(), reasons: [] };
    entry.variants.add(alert.variants!.candidate).add(alert.variants!.reference);
    entry.reasons.push(`${alert.gate} ${alert.repo} ${alert.command}`);
    byCommand.set(command, entry);
  }
  let measurements: readonly Measurement[] = measured.measurements;
  for (const [command, { variants, reasons }] of byCommand) {
    const args = COMMAND_PLANS[command].args(targets);
    if ('skip' in args) continue;
    const plan = {
      command,
      variants: deps.variants.filter((v) => variants.has(v.id)),
      args,
      targets,
      warmups: 0,
      runs: options.runs,
      editsSoFar: editsSoFar(command),
      label: 'confirm',
    };
    const loops = await interleave(ctx, plan, deps);
    const reason = reasons.join('; ');
    measurements = measurements.map((m): Measurement => {
      const loop = loops.get(m.variant);
      if (m.command !== command || !loop || m.state !== 'completed') return m;
      const confirm: ConfirmRound =
        loop.error === undefined && isNonEmpty(loop.samplesMs)
          ? {
              state: 'completed',
              reason,
              runs: options.runs,
              samplesMs: loop.samplesMs,
              peakRssKb: loop.peakRssKb,
              stats: summarize(loop.samplesMs),
            }
          : { state: 'errored', reason, runs: options.runs, error: loop.error ?? 'no samples' };
      return { ...m, confirm };
    });
  }
  return { ...measured, measurements };
}
