/**
 * Runner step 5 (with `--profile`) — after the timed and confirmation rounds of a repository, one more run of every
 * command × variant under the V8 CPU profiler (`node --cpu-prof`; worker threads write their own profiles). The
 * `.cpuprofile` files land in `<run>/profiles/<repo>/<command>/<variant>/`. Profiles never feed a gate.
 *
 * @packageDocumentation
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isServerCommand, type CommandName, type ProcessCommandName } from '../command-names.js';
import { COMMAND_PLANS } from '../commands.js';
import type { RepoResult } from '../result.js';
import { appendEdit } from '../workspace.js';
import { failureOf, type RepoContext } from './executor.js';
import type { StepDeps } from './targets.js';

/** The profiles of one command × variant. */
export interface ProfiledRun {
  readonly repo: string;
  readonly command: CommandName;
  readonly variant: string;
  /** Absolute `.cpuprofile` paths, main thread first (V8 numbers them by thread). */
  readonly files: readonly string[];
  /** Why there is no profile, when the run failed. */
  readonly error: string | null;
}

/**
 * Profile every command of a repository that completed on a variant.
 *
 * @param ctx - The repository (its scratch copies still exist).
 * @param measured - Its results (only completed cells are profiled).
 * @param runDir - The run folder.
 * @param editsSoFar - Edits already made to the partial-change file per command.
 * @param deps - Variants, executor and progress.
 * @returns One entry per profiled command × variant.
 */
export async function profileRepo(
  ctx: RepoContext,
  measured: RepoResult,
  runDir: string,
  editsSoFar: (command: CommandName) => number,
  deps: StepDeps,
): Promise<ProfiledRun[]> {
  const out: ProfiledRun[] = [];
  // Server commands are requests to a long-lived server, not a process to profile; floor rows (variant `floor`, not
  // one of deps.variants) are not codira processes.
  const commands = [...new Set(measured.measurements.map((m) => m.command))].filter(
    (c): c is ProcessCommandName => !isServerCommand(c),
  );
  for (const command of commands) {
    const plan = COMMAND_PLANS[command];
    const args = plan.args(measured.targets);
    const variants = deps.variants.filter((v) =>
      measured.measurements.some((m) => m.command === command && m.variant === v.id && m.state === 'completed'),
    );
    if ('skip' in args || variants.length === 0) continue;
    const partial = plan.tree === 'partial';
    if (partial) await appendEdit(join(ctx.partialTree, measured.targets.partialFile!), editsSoFar(command) + 1);
    for (const v of variants) {
      deps.log(`${ctx.repo.label}: ${command} under the CPU profiler on ${v.id}`);
      const dir = join(runDir, 'profiles', ctx.repo.label, command, v.id);
      await mkdir(dir, { recursive: true });
      const outcome = await deps.executor.exec(
        v,
        args,
        partial ? ctx.partialTree : ctx.tree,
        deps.executor.stateDir(ctx, v, partial),
        { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] },
      );
      const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
      out.push({
        repo: ctx.repo.label,
        command,
        variant: v.id,
        files: files.map((f) => join(dir, f)),
        error: failureOf(outcome) ?? plan.check(outcome.stdout),
      });
    }
  }
  return out;
}
