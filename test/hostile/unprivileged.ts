/**
 * Running the compiled CLI the way an unattended user would, including as an unprivileged user: tests run as root
 * here, and root reads files whatever their permissions, so permission cases spawn the CLI with another uid.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, lchownSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';

/** The compiled CLI (`npm test` builds dist/ first). */
export const BIN = join(PROJECT_ROOT, 'bin', 'codira.js');

/** `nobody` on Debian; only used when the tests run as root. */
const UNPRIVILEGED = 65534;

/** Whether permissions are enforced only after switching to another user. */
export const RUNNING_AS_ROOT = process.getuid?.() === 0;

/** One finished CLI run. */
export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface CliOptions {
  /** Run with an unprivileged uid when the tests run as root. */
  readonly unprivileged?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long, so a hang fails the test instead of stalling the suite. Default 120 s. */
  readonly timeoutMs?: number;
}

function spawnOptions(options: CliOptions): SpawnSyncOptions {
  const asOther = options.unprivileged === true && RUNNING_AS_ROOT;
  return {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    killSignal: 'SIGKILL',
    maxBuffer: 512 * 1024 * 1024,
    // HOME must be readable by the other user, or git warns about its configuration.
    env: { ...process.env, ...(asOther ? { HOME: '/tmp' } : {}), CODIRA_DEBUG: '', ...options.env },
    ...(asOther ? { uid: UNPRIVILEGED, gid: UNPRIVILEGED } : {}),
  };
}

/**
 * Run `node bin/codira.js …args` to completion.
 *
 * @param args - CLI arguments.
 * @param options - User, environment, timeout.
 * @returns Exit status, signal and output.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], spawnOptions(options));
  return { status: run.status, signal: run.signal, stdout: String(run.stdout), stderr: String(run.stderr) };
}

/**
 * Run a Node.js snippet as the same user the CLI would run as (to prove a permission case is real).
 *
 * @param code - Script text.
 * @param options - User.
 * @returns The run.
 */
export function runNode(code: string, options: CliOptions = {}): CliRun {
  const run = spawnSync(process.execPath, ['-e', code], spawnOptions(options));
  return { status: run.status, signal: run.signal, stdout: String(run.stdout), stderr: String(run.stderr) };
}

/**
 * Start the CLI without waiting (for tests that kill it or read it as it runs).
 *
 * @param args - CLI arguments.
 * @param options - User and environment.
 * @returns The child process.
 */
export function startCli(args: readonly string[], options: CliOptions = {}): ReturnType<typeof spawn> {
  const {
    encoding: _encoding,
    timeout: _timeout,
    maxBuffer: _maxBuffer,
    killSignal: _kill,
    ...rest
  } = spawnOptions(options);
  return spawn(process.execPath, [BIN, ...args], { ...rest, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Give a folder tree to the unprivileged user (when running as root), keeping each entry's permission bits. Git
 * refuses repositories owned by someone else, and the index must be writable by the user that runs the CLI.
 *
 * @param root - Folder to hand over.
 */
export function handOver(root: string): void {
  if (!RUNNING_AS_ROOT) return;
  // Paths as bytes: a hostile name need not be valid UTF-8.
  const pending: Buffer[] = [Buffer.from(root)];
  while (pending.length > 0) {
    const path = pending.pop()!;
    const stat = lstatSync(path);
    (stat.isSymbolicLink() ? lchownSync : chownSync)(path, UNPRIVILEGED, UNPRIVILEGED);
    if (stat.isDirectory() && !stat.isSymbolicLink()) {
      const mode = stat.mode & 0o777;
      // Root can list a folder it made unreadable; restore the bits after listing.
      chmodSync(path, mode | 0o700);
      for (const name of readdirSync(path, { encoding: 'buffer' })) {
        pending.push(Buffer.concat([path, Buffer.from('/'), name]));
      }
      chmodSync(path, mode);
    }
  }
}

/**
 * Whether a failing CLI run kept to the error contract: one line on stderr, no stack trace.
 *
 * @param run - The run.
 * @returns `true` when stderr is a single `codira: …` line.
 */
export function isOneLineError(run: CliRun): boolean {
  return /^codira: [^\n]+\n$/.test(run.stderr) && !/\n\s+at /.test(run.stderr);
}
