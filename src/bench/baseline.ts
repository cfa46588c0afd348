/**
 * Baseline builds: a git ref checked out in its own worktree under `.artifacts/baselines/<commit>/` and compiled,
 * so the regression gate compares two builds on the same machine in the same run. Built worktrees are reused.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CodiraError } from '../core/errors.js';
import { PROJECT_ROOT } from './corpus.js';

const run = promisify(execFile);
const READY = '.codira-baseline-ready';
/** The build step `npm run build` runs after tsc (see `scripts/bundle-sdk.mjs`). */
const BUNDLE_STEP = join('scripts', 'bundle-sdk.mjs');

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
  // The build's step after tsc (`npm run build`), when the ref has it: the server's SDK bundle, so a baseline server
  // starts the way that commit's own build does.
  if (existsSync(join(dir, BUNDLE_STEP))) {
    await step('SDK bundle', process.execPath, [BUNDLE_STEP], dir);
  }
  await writeFile(join(dir, READY), `${commit}\n`);
  return { ref, commit, bin };
}
