/**
 * Runner step 3 — the measurement loop: one command on a set of variants, interleaved round by round with the order
 * rotating (A B, B A, …) so machine drift and position in the round hit every variant alike. Also used to re-measure a single cell when a gate alerts.
 *
 * @packageDocumentation
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FLOOR_VARIANT, type ProcessCommandName } from '../command-names.js';
import { STATE_DIR_NAME } from '../../core/contracts.js';
import { COMMAND_PLANS, type FloorSite } from '../commands.js';
import type { Measurement, PhaseMean, Targets } from '../result.js';
import { isNonEmpty, summarize, type NonEmptyArray } from '../stats.js';
import { appendEdit } from '../workspace.js';
import { failureOf, type RepoContext } from './executor.js';
import type { StepDeps } from './targets.js';
import type { RunVariant } from './variants.js';

/** Samples of one variant after a loop. */
export interface LoopSamples {
  readonly samplesMs: number[];
  /** CPU time of each measured sample; a sample without one (`null`) makes the variant's CPU series absent. */
  readonly cpuMs: (number | null)[];
  readonly peakRssKb: number[];
  /** Phases of each measured sample (`CODIRA_PHASES`), `[name, ms]` pairs; empty when the build records none. */
  readonly phases: [string, number][][];
  /** Set when a run failed: the loop stops measuring that variant. */
  error?: string;
}

/** One interleaved loop: which command, on what, how many rounds. */
export interface LoopPlan {
  readonly command: ProcessCommandName;
  readonly variants: readonly RunVariant[];
  readonly args: readonly string[];
  readonly warmups: number;
  readonly runs: number;
  readonly targets: Targets;
  /** Number of edits already made to the partial-change file (each round appends one more). */
  readonly editsSoFar: number;
  /** Label of the loop in progress lines, e.g. `run` or `confirm`. */
  readonly label: string;
  /** Rounds already run of this loop (a loop run one round at a time across repositories): the variants' rotation. */
  readonly rotation?: number;
  /** A floor row's `node` arguments on this repository (`CommandPlan.floor`), resolved when the loop was planned. */
  readonly floorArgs?: readonly string[];
}

/**
 * The phases a measured process recorded (the last line of its `CODIRA_PHASES` file).
 *
 * @param file - The file given to the process.
 * @returns `[name, ms]` pairs, or `null` when it wrote none (e.g. a baseline that predates the recorder).
 */
async function readPhases(file: string): Promise<[string, number][] | null> {
  try {
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const parsed = JSON.parse(lines[lines.length - 1]!) as { phases?: unknown; parallel?: unknown };
    if (!Array.isArray(parsed.phases)) return null;
    // Worker threads' busy time overlaps the timeline: kept apart by a `∥ ` prefix (see PhaseMean.parallel).
    const beside = Array.isArray(parsed.parallel) ? (parsed.parallel as [string, number][]) : [];
    return [
      ...(parsed.phases as [string, number][]),
      ...beside.map(([name, ms]): [string, number] => [`∥ ${name}`, ms]),
    ];
  } catch {
    return null;
  }
}

/**
 * Mean time per phase over samples, in first-seen order; a phase a sample lacks counts as 0 ms there.
 *
 * @param samples - Phases of each sample.
 * @returns Mean ms per phase, or `undefined` without samples.
 */
export function meanPhases(samples: readonly (readonly [string, number])[][]): PhaseMean[] | undefined {
  if (samples.length === 0) return undefined;
  const sums = new Map<string, number>();
  for (const sample of samples) for (const [name, ms] of sample) sums.set(name, (sums.get(name) ?? 0) + ms);
  return [...sums].map(([name, total]) => ({
    name: name.replace(/^∥ /, ''),
    meanMs: total / samples.length,
    ...(name.startsWith('∥ ') ? { parallel: true } : {}),
  }));
}

/**
 * The CPU series of a loop's samples, when every sample has one.
 *
 * @param cpuMs - CPU time per sample, `null` where it was not measured.
 * @returns The series, or `undefined` when empty or incomplete (a partial series would pair wrongly with the wall times).
 */
export function cpuSeries(cpuMs: readonly (number | null)[]): NonEmptyArray<number> | undefined {
  const known = cpuMs.filter((ms): ms is number => ms !== null);
  return known.length === cpuMs.length && isNonEmpty(known) ? known : undefined;
}

/**
 * Run the rounds of one loop.
 *
 * @param ctx - The repository being measured.
 * @param plan - Command, variants and counts.
 * @param deps - Executor and progress.
 * @param known - Variants already known to be unable to run (never executed, reported with that reason).
 * @returns Samples per variant id.
 */
export async function interleave(
  ctx: RepoContext,
  plan: LoopPlan,
  deps: StepDeps,
  known: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, LoopSamples>> {
  const cmd = COMMAND_PLANS[plan.command];
  const partial = cmd.tree === 'partial';
  const tree = partial ? ctx.partialTree : ctx.tree;
  const out = new Map<string, LoopSamples>(
    plan.variants.map((v) => [v.id, { samplesMs: [], cpuMs: [], peakRssKb: [], phases: [], error: known.get(v.id) }]),
  );
  const total = plan.warmups + plan.runs;
  for (let round = 0; round < total; round++) {
    // Rotate the order every round (A B C, B C A, C A B, …): with a fixed order each variant always holds the same
    // position, so anything position-dependent (the first process after an edit, caches the previous one left)
    // would bias one variant systematically instead of adding noise to all.
    const shift = ((plan.rotation ?? 0) + round) % plan.variants.length;
    const rotated = [...plan.variants.slice(shift), ...plan.variants.slice(0, shift)];
    const active = rotated.filter((v) => out.get(v.id)!.error === undefined);
    if (active.length === 0) break;
    if (partial) await appendEdit(join(ctx.partialTree, plan.targets.partialFile!), plan.editsSoFar + round + 1);
    const warm = round < plan.warmups;
    const phase = warm
      ? `warm-up ${round + 1}/${plan.warmups}`
      : `${plan.label} ${round - plan.warmups + 1}/${plan.runs}`;
    deps.log(`${ctx.repo.label}: ${plan.command} ${phase}`);
    for (const v of active) {
      const phaseFile = join(ctx.work, `phases-${v.id}.jsonl`);
      await rm(phaseFile, { force: true });
      const outcome = plan.floorArgs
        ? await deps.executor.execNode(plan.floorArgs, tree)
        : await deps.executor.exec(v, plan.args, tree, deps.executor.stateDir(ctx, v, partial), {
            env: warm ? {} : { CODIRA_PHASES: phaseFile },
          });
      const problem = failureOf(outcome) ?? cmd.check(outcome.stdout);
      const slot = out.get(v.id)!;
      if (problem) {
        slot.error = `${warm ? 'warm-up' : plan.label} ${round + 1}: ${problem}`;
        continue;
      }
      if (warm) continue;
      slot.samplesMs.push(outcome.wallMs);
      slot.cpuMs.push(outcome.cpuMs ?? null);
      if (outcome.peakRssKb !== null) slot.peakRssKb.push(outcome.peakRssKb);
      const phases = await readPhases(phaseFile);
      if (phases) slot.phases.push(phases);
    }
  }
  return out;
}

/** One repository's share of a measured command. */
export interface CommandSite {
  readonly ctx: RepoContext;
  readonly targets: Targets;
  /** Why `index-partial` cannot run here, or `null`. */
  readonly partialSkip: string | null;
  readonly counts: { readonly warmups: number; readonly runs: number };
}

/** A command planned on one repository: its loop, or the measurements it has without one (skipped). */
type PlannedCommand =
  | { readonly done: Measurement[] }
  | {
      readonly plan: LoopPlan;
      readonly variants: readonly RunVariant[];
      readonly known: Map<string, string>;
      readonly finish: (loops: ReadonlyMap<string, LoopSamples>) => Measurement[];
    };

/**
 * Plan one command on one repository: its variants, their known failures and the loop to run — shared by the
 * one-repository measurement and the round-by-round one, so both skip, sample and summarise alike.
 *
 * @param site - The repository.
 * @param command - The command.
 * @param deps - Variants, executor and progress.
 * @returns The plan, or the measurements of a skipped command.
 */
function planCommand(site: CommandSite, command: ProcessCommandName, deps: StepDeps): PlannedCommand {
  const { ctx, targets, partialSkip, counts } = site;
  const cmd = COMMAND_PLANS[command];
  // A floor row is measured once per repository, by the current build, whatever the backends.
  const current = deps.variants.find((v) => v.build === 'current');
  const variants: readonly RunVariant[] =
    cmd.floor && current ? [{ id: FLOOR_VARIANT, backend: 'none', build: 'current', bin: current.bin }] : deps.variants;
  const base = (v: RunVariant): Omit<Measurement, 'state'> & { warmups: number; runs: number } => ({
    command,
    variant: v.id,
    backend: v.backend,
    build: v.build,
    ...counts,
  });
  const floorSite: FloorSite = {
    targets,
    index: (backend) => {
      const variant = deps.variants.find((v) => v.build === 'current' && v.backend === backend);
      if (variant === undefined) return { skip: `no ${backend} variant of the current build in this run` };
      const broken = ctx.broken.get(variant.id);
      if (broken !== undefined) return { skip: `no ${variant.id} index: ${broken}` };
      return join(deps.executor.stateDir(ctx, variant, false), STATE_DIR_NAME);
    },
  };
  const floorArgs = cmd.floor && current ? cmd.floor(current.bin, ctx.tree, floorSite) : undefined;
  const argv = cmd.args(targets);
  const planned = floorArgs !== undefined && 'skip' in floorArgs ? floorArgs : argv;
  const skip = ctx.repo.skip.includes(command)
    ? 'skipped by the manifest'
    : cmd.tree === 'partial' && partialSkip
      ? partialSkip
      : 'skip' in planned
        ? planned.skip
        : null;
  if (skip !== null || 'skip' in planned) {
    return { done: variants.map((v) => ({ ...base(v), state: 'skipped', reason: skip ?? 'not applicable' })) };
  }
  const known = new Map<string, string>();
  for (const v of variants) {
    const why = ctx.broken.get(v.id) ?? (cmd.tree === 'partial' ? ctx.partialBroken.get(v.id) : undefined);
    if (why) known.set(v.id, why);
  }
  const plan: LoopPlan = {
    command,
    variants,
    args: planned,
    targets,
    editsSoFar: 0,
    label: 'run',
    ...counts,
    ...(floorArgs !== undefined ? { floorArgs: floorArgs as readonly string[] } : {}),
  };
  const finish = (loops: ReadonlyMap<string, LoopSamples>): Measurement[] =>
    variants.map((v): Measurement => {
      const { samplesMs, cpuMs, peakRssKb, phases, error } = loops.get(v.id)!;
      if (error !== undefined || !isNonEmpty(samplesMs)) {
        return { ...base(v), state: 'errored', error: error ?? 'no samples', samplesMs };
      }
      const phaseMeans = meanPhases(phases);
      const cpuSamplesMs = cpuSeries(cpuMs);
      return {
        ...base(v),
        state: 'completed',
        samplesMs,
        ...(cpuSamplesMs ? { cpuSamplesMs } : {}),
        peakRssKb,
        stats: summarize(samplesMs),
        ...(phaseMeans ? { phases: phaseMeans } : {}),
      };
    });
  return { plan, variants, known, finish };
}

/**
 * Measure one command on every variant (first round).
 *
 * @param ctx - The repository being measured.
 * @param command - The command.
 * @param targets - Resolved query targets.
 * @param partialSkip - Why `index-partial` cannot run here, or `null`.
 * @param counts - Warm-up and measured runs.
 * @param deps - Variants, executor and progress.
 * @returns One measurement per variant, in variant order.
 */
export async function measureCommand(
  ctx: RepoContext,
  command: ProcessCommandName,
  targets: Targets,
  partialSkip: string | null,
  counts: { readonly warmups: number; readonly runs: number },
  deps: StepDeps,
): Promise<Measurement[]> {
  const planned = planCommand({ ctx, targets, partialSkip, counts }, command, deps);
  if ('done' in planned) return planned.done;
  return planned.finish(await interleave(ctx, planned.plan, deps, planned.known));
}

/**
 * Measure one command on every variant of several repositories, round by round across them: round r runs one round
 * on each repository (the order of repositories flipped every round, the variants' rotation kept per repository), so
 * a ratio between repositories compares samples taken seconds apart. A repository with fewer rounds stops early.
 *
 * @param sites - The repositories, prepared (indexed, targets resolved, partial copy made).
 * @param command - The command.
 * @param deps - Variants, executor and progress.
 * @returns Per repository, one measurement per variant, in variant order.
 */
export async function measureCommandAcross(
  sites: readonly CommandSite[],
  command: ProcessCommandName,
  deps: StepDeps,
): Promise<Measurement[][]> {
  const planned = sites.map((site) => planCommand(site, command, deps));
  const loops = planned.map((p) =>
    'done' in p
      ? null
      : new Map<string, LoopSamples>(
          p.variants.map((v) => [
            v.id,
            { samplesMs: [], cpuMs: [], peakRssKb: [], phases: [], error: p.known.get(v.id) },
          ]),
        ),
  );
  const rounds = Math.max(0, ...planned.map((p) => ('done' in p ? 0 : p.plan.warmups + p.plan.runs)));
  for (let round = 0; round < rounds; round++) {
    const order = sites.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const p = planned[i]!;
      const samples = loops[i] ?? null;
      if ('done' in p || samples === null || round >= p.plan.warmups + p.plan.runs) continue;
      const warm = round < p.plan.warmups;
      const errors = new Map<string, string>();
      for (const [id, slot] of samples) if (slot.error !== undefined) errors.set(id, slot.error);
      const one = await interleave(
        sites[i]!.ctx,
        { ...p.plan, warmups: warm ? 1 : 0, runs: warm ? 0 : 1, editsSoFar: round, rotation: round },
        deps,
        errors,
      );
      for (const [id, got] of one) {
        const slot = samples.get(id)!;
        slot.samplesMs.push(...got.samplesMs);
        slot.cpuMs.push(...got.cpuMs);
        slot.peakRssKb.push(...got.peakRssKb);
        slot.phases.push(...got.phases);
        if (got.error !== undefined) slot.error ??= got.error;
      }
    }
  }
  return planned.map((p, i) => ('done' in p ? p.done : p.finish(loops[i]!)));
}
