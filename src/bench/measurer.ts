/**
 * The measurement seam: the runner asks a {@link Measurer} to run one process and gets its wall time, peak memory
 * and output back. The real one spawns processes; tests use a fake that records the order of calls.
 *
 * @packageDocumentation
 */

/** A process to run. */
export interface ProcessSpec {
  /** Executable and arguments, e.g. `[node, bin/codira.js, 'index', …]`. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  /** Extra environment variables on top of this process's own. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What one process did. */
export interface ProcessOutcome {
  /** Wall time from spawn to exit, in milliseconds. */
  readonly wallMs: number;
  /**
   * CPU time (user + sys) of the process and the descendants it waited for, in milliseconds, or `null`/absent when
   * not measurable here.
   */
  readonly cpuMs?: number | null;
  /** Peak resident set size in KiB, or `null` when not measurable here. */
  readonly peakRssKb: number | null;
  /** Exit code (a signal counts as non-zero). */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs and times processes. */
export interface Measurer {
  /** How peak RSS is measured, or `unavailable`. */
  readonly peakRss: 'gnu-time' | 'unavailable';
  /** How CPU time is measured (`bash-times`), or `unavailable`; absent counts as `unavailable`. */
  readonly cpuTime?: 'bash-times' | 'unavailable';
  /**
   * Run a process to completion.
   *
   * @param spec - What to run.
   * @returns Its outcome; never throws for a non-zero exit.
   */
  run(spec: ProcessSpec): Promise<ProcessOutcome>;
}
