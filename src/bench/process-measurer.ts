/**
 * The real {@link Measurer}: spawns the process and times it, spawn to exit. Peak RSS comes from GNU time
 * (`/usr/bin/time -f %M`) when the machine has it; otherwise it is not recorded.
 *
 * CPU time (user + sys of the process and every descendant it waited for) comes from a bash wrapper between GNU time
 * and the process: bash runs the process as its only child, then prints `times` (the children's `getrusage`, in
 * milliseconds — GNU time's `%U`/`%S` have only 10 ms) and the `$EPOCHREALTIME` (µs) read just before the fork and
 * just after the wait. The wall time is that inner bracket, so neither GNU time's nor bash's own start-up is counted
 * (the `node -e 0` floor row would otherwise carry them on both sides of every ratio); without bash 5 the wall time
 * falls back to `process.hrtime` around the whole spawn and CPU time is not recorded.
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
const BASH = '/bin/bash';

/**
 * The wrapper: `$1` is the report file, the rest the command. It keeps the command's exit status. `times` prints the
 * shell's own line, then its children's; the last line holds the two `$EPOCHREALTIME` stamps.
 */
export const CPU_WRAPPER_SCRIPT =
  'o=$1; shift; s=$EPOCHREALTIME; "$@"; r=$?; e=$EPOCHREALTIME; { times; echo "$s $e"; } >"$o"; exit $r';

/**
 * Whether bash with `times` and `$EPOCHREALTIME` (bash ≥ 5) is usable here.
 *
 * @returns `true` when the wrapper's report parses.
 */
export function bashTimesAvailable(): boolean {
  if (!existsSync(BASH)) return false;
  const probe = spawnSync(BASH, ['-c', 'times; echo "$EPOCHREALTIME $EPOCHREALTIME"'], { encoding: 'utf8' });
  return probe.status === 0 && parseCpuReport(probe.stdout) !== null;
}

/** What the wrapper reported. */
export interface CpuReport {
  /** User + sys CPU of the waited-for children, in milliseconds (bash prints milliseconds). */
  readonly cpuMs: number;
  /** `$EPOCHREALTIME` after the wait minus before the fork, in milliseconds. */
  readonly wallMs: number;
}

/** One `times` field such as `0m0.166s` (the decimal mark follows the locale: `.` or `,`). */
const TIMES_FIELD = /^(\d+)m(\d+)[.,](\d+)s$/;
/** One `$EPOCHREALTIME` value, e.g. `1796431174.708329`. */
const EPOCH = /^(\d+)[.,](\d+)$/;

/**
 * One `times` field in milliseconds.
 *
 * @param text - E.g. `0m0.166s`.
 * @returns Milliseconds, or `null` when it is not one.
 */
function timesField(text: string): number | null {
  const m = TIMES_FIELD.exec(text);
  if (!m) return null;
  const fraction = Number(m[3]) / 10 ** m[3]!.length;
  return Math.round((Number(m[1]) * 60 + Number(m[2]) + fraction) * 1e6) / 1000;
}

/**
 * A stamp in whole microseconds: ~1.8e15, exact in a double (unlike milliseconds with a fraction).
 *
 * @param text - One `$EPOCHREALTIME` value.
 * @returns Microseconds since the epoch, or `null` when it is not one.
 */
function epochUs(text: string): number | null {
  const m = EPOCH.exec(text);
  return m ? Number(m[1]) * 1e6 + Math.round((Number(m[2]) / 10 ** m[2]!.length) * 1e6) : null;
}

/**
 * Parse the wrapper's report: `times`' two lines (the shell's user and sys, then its children's) and the line of the
 * two `$EPOCHREALTIME` stamps.
 *
 * @param text - The report file's content.
 * @returns CPU and wall milliseconds, or `null` when the report is not of that shape.
 */
export function parseCpuReport(text: string): CpuReport | null {
  const lines = text.trim().split('\n');
  if (lines.length !== 3) return null;
  const children = lines[1]!.trim().split(/\s+/);
  const stamps = lines[2]!.trim().split(/\s+/);
  if (children.length !== 2 || stamps.length !== 2) return null;
  const [user, sys] = children.map(timesField);
  const [start, end] = stamps.map(epochUs);
  if (user == null || sys == null || start == null || end == null || end < start) return null;
  return { cpuMs: Math.round((user + sys) * 1000) / 1000, wallMs: (end - start) / 1000 };
}

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
  /** `bash-times` when CPU time is measured (and the wall time is bash's inner bracket). */
  readonly cpuTime: 'bash-times' | 'unavailable';
  private scratch: string | null = null;

  /**
   * @param useGnuTime - Measure peak RSS with GNU time (default: when available).
   * @param useBash - Measure CPU time through the bash wrapper (default: when bash 5 is available).
   */
  constructor(useGnuTime: boolean = gnuTimeAvailable(), useBash: boolean = bashTimesAvailable()) {
    this.peakRss = useGnuTime ? 'gnu-time' : 'unavailable';
    this.cpuTime = useBash ? 'bash-times' : 'unavailable';
  }

  /**
   * Run a process and time it.
   *
   * @param spec - What to run.
   * @returns Wall time, peak RSS, exit code and output.
   */
  async run(spec: ProcessSpec): Promise<ProcessOutcome> {
    let rssFile: string | null = null;
    let cpuFile: string | null = null;
    let argv: readonly string[] = spec.argv;
    if (this.peakRss !== 'unavailable' || this.cpuTime !== 'unavailable') {
      this.scratch ??= await mkdtemp(join(tmpdir(), 'codira-rss-'));
    }
    if (this.cpuTime === 'bash-times') {
      cpuFile = join(this.scratch!, 'cpu.txt');
      await rm(cpuFile, { force: true });
      argv = [BASH, '-c', CPU_WRAPPER_SCRIPT, 'codira-measure', cpuFile, ...argv];
    }
    if (this.peakRss === 'gnu-time') {
      // GNU time outside bash: bash's own few MiB never exceed the measured process's peak, which reaches GNU time
      // through bash's wait (a waited-for descendant's maximum RSS counts in its parent's).
      rssFile = join(this.scratch!, 'rss.txt');
      argv = [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv];
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
    const cpu = cpuFile ? await readCpuReport(cpuFile) : null;
    return {
      wallMs: cpu?.wallMs ?? wallMs,
      cpuMs: cpu?.cpuMs ?? null,
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

/**
 * Read and parse the wrapper's report.
 *
 * @param file - The report file.
 * @returns The report, or `null` when missing or malformed (the sample then has no CPU time).
 */
async function readCpuReport(file: string): Promise<CpuReport | null> {
  try {
    return parseCpuReport(await readFile(file, 'utf8'));
  } catch {
    return null;
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
