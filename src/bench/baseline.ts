/**
 * Baseline builds: a git ref checked out in its own worktree under `.artifacts/baselines/<commit>/` and compiled,
 * so the regression gate compares two builds on the same machine in the same run. Built worktrees are reused.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CodiraError } from '../core/errors.js';
import { PROJECT_ROOT } from './corpus.js';

const run = promisify(execFile);
// Version 2: baselines built before every bundling step of the ref's own build ran lacked the read, index, MCP and
// analysis-thread bundles (session 19), so their CPU was ~25 % high; the new marker name rebuilds them.
const READY = '.codira-baseline-ready-2';

/** A baseline that cannot be built; the message says which step failed. */
export class BaselineError extends CodiraError {
  /**
   * @param message - What failed.
   */
  constructor(message: string) {
    super('BASELINE', message, 1);
  }
}

/** A built baseline. */
export interface BaselineBuild {
  readonly ref: string;
  readonly commit: string;
  /** Absolute path of its `bin/codira.js`. */
  readonly bin: string;
}

async function step(what: string, file: string, args: readonly string[], cwd: string): Promise<void> {
  try {
    await run(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').slice(-3);
    throw new BaselineError(`baseline: ${what} failed: ${detail.join(' | ')}`);
  }
}

/**
 * The `node scripts/<name>.mjs` steps of a checkout's `build` script, in order, as paths relative to the checkout.
 * Any other step (tsc, which runs separately) is skipped; a step whose script is missing is skipped too.
 *
 * @param dir - The checkout.
 * @returns The scripts to run after tsc.
 */
export async function bundleSteps(dir: string): Promise<string[]> {
  let build: unknown;
  try {
    build = (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { scripts?: { build?: unknown } }).scripts
      ?.build;
  } catch {
    return [];
  }
  if (typeof build !== 'string') return [];
  const steps: string[] = [];
  for (const command of build.split('&&')) {
    const match = /^node\s+(scripts\/[\w.-]+\.mjs)$/.exec(command.trim());
    if (match && existsSync(join(dir, match[1]!))) steps.push(match[1]!);
  }
  return steps;
}

/**
 * Check out and build a git ref. When its `package-lock.json` equals the current one, the current `node_modules` is
 * linked instead of running `npm ci` (same lockfile ⇒ same packages, minutes saved); otherwise `npm ci` runs.
 *
 * @param ref - Any git ref (`HEAD~1`, a tag, a hash).
 * @param log - Progress messages.
 * @param root - The current checkout (default: this project).
 * @returns The build's commit and entry point.
 */
export async function prepareBaseline(
  ref: string,
  log: (message: string) => void,
  root: string = PROJECT_ROOT,
): Promise<BaselineBuild> {
  let commit: string;
  try {
    commit = (await run('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: root })).stdout.trim();
  } catch {
    throw new BaselineError(`baseline: '${ref}' is not a commit in ${root}`);
  }
  const dir = join(root, '.artifacts', 'baselines', commit);
  const bin = join(dir, 'bin', 'codira.js');
  if (existsSync(join(dir, READY))) return { ref, commit, bin };
  log(`baseline: building ${ref} (${commit.slice(0, 12)}) in ${dir}`);
  if (existsSync(dir)) {
    await rm(dir, { recursive: true, force: true }); // an interrupted earlier build
    await step('git worktree prune', 'git', ['worktree', 'prune'], root);
  }
  await step('git worktree add', 'git', ['worktree', 'add', '--detach', dir, commit], root);
  const sameLock = await run('git', ['diff', '--quiet', commit, '--', 'package-lock.json'], { cwd: root }).then(
    () => true,
    () => false,
  );
  if (sameLock && existsSync(join(root, 'node_modules'))) {
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } else {
    await step('npm ci', 'npm', ['ci', '--no-audit', '--no-fund'], dir);
  }
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await step('build', process.execPath, [tsc, '-p', 'tsconfig.build.json'], dir);
  } catch (error) {
    // tsc still emits JavaScript on type errors; a baseline that runs is good enough to compare against.
    if (!existsSync(join(dir, 'dist', 'cli', 'main.js'))) throw error;
    log(`baseline: ${(error as Error).message} (using the emitted JavaScript anyway)`);
  }
  // The ref's own steps after tsc (`npm run build`: the SDK, read, index, MCP and thread bundles), so the baseline
  // starts the way that commit's own build does; a baseline without its bundles would read slower than it is.
  for (const script of await bundleSteps(dir)) {
    await step(script, process.execPath, [script], dir);
  }
  await writeFile(join(dir, READY), `${commit}\n`);
  return { ref, commit, bin };
}
