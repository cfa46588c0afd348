/**
 * The real {@link Measurer}: spawns the process and times it from outside with `process.hrtime`, spawn to exit.
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`) when the machine has it; otherwise it is not recorded.
 *
 * @packageDocumentation
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Measurer, ProcessOutcome, ProcessSpec } from './measurer.js';

const GNU_TIME = '/usr/bin/time';

/**
 * Whether GNU time is usable here (BusyBox `time` lacks `-f`/`-o`, so probe instead of trusting the path).
 *
 * @returns `true` when `/usr/bin/time -f %M -o FILE true` works.
 */
export function gnuTimeAvailable(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

/** Spawns measured processes, one at a time. */
export class ProcessMeasurer implements Measurer {
  /** `gnu-time` when peak RSS is measured. */
  readonly peakRss: 'gnu-time' | 'unavailable';
  private scratch: string | null = null;

  /**
   * @param useGnuTime - Measure peak RSS with GNU time (default: when available).
   */
  constructor(useGnuTime: boolean = gnuTimeAvailable()) {
    this.peakRss = useGnuTime ? 'gnu-time' : 'unavailable';
  }

  /**
   * Run a process and time it.
   *
   * @param spec - What to run.
   * @returns Wall time, peak RSS, exit code and output.
   */
  async run(spec: ProcessSpec): Promise<ProcessOutcome> {
    let rssFile: string | null = null;
    let argv: readonly string[] = spec.argv;
    if (this.peakRss === 'gnu-time') {
      this.scratch ??= await mkdtemp(join(tmpdir(), 'codira-rss-'));
      rssFile = join(this.scratch, 'rss.txt');
      argv = [GNU_TIME, '-f', '%M', '-o', rssFile, ...spec.argv];
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const started = process.hrtime.bigint();
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: spec.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The measured process waits for its analysis processes at its end, so their peak RSS reaches GNU time (see
      // analysis-spawn.ts); the wait is for processes that have finished their work and only exit.
      env: { ...process.env, CODIRA_WAIT_FOR_ANALYSIS: '1', ...spec.env },
    });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // Time at 'exit' (the process is gone); output is complete only at 'close', which can come later.
    const exited = new Promise<{ wallMs: number; exitCode: number }>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => {
        resolve({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, exitCode: code ?? 1 });
      });
    });
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const { wallMs, exitCode } = await exited;
    await closed;
    return {
      wallMs,
      peakRssKb: rssFile ? await readPeakRss(rssFile) : null,
      exitCode,
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
    };
  }

  /** Remove the scratch folder for GNU time's output. */
  async close(): Promise<void> {
    if (this.scratch) await rm(this.scratch, { recursive: true, force: true });
    this.scratch = null;
  }
}

async function readPeakRss(file: string): Promise<number | null> {
  try {
    // GNU time writes "Command exited with non-zero status N" before the format line on failure: take the last line.
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const value = Number(lines[lines.length - 1]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
