/**
 * Domain errors. Every expected failure is a {@link CodiraError} with a stable `code` and the process exit code it
 * maps to; only the CLI entry turns them into messages and exits, so nothing expected ever prints a stack trace.
 *
 * @packageDocumentation
 */

/** Exit code for bad input: usage errors, unknown names, missing or stale index. */
export const EXIT_USAGE = 2;
/** Exit code for a run that completed and found a problem (e.g. a failed gate). */
export const EXIT_FAILURE = 1;

/** Base class of every expected error. */
export class CodiraError extends Error {
  /** Stable machine-readable error code, e.g. `INDEX_MISSING`. */
  readonly code: string;
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  /**
   * @param code - Stable machine-readable code.
   * @param message - Complete sentence shown to the user.
   * @param exitCode - Process exit code (default {@link EXIT_USAGE}).
   */
  constructor(code: string, message: string, exitCode: number = EXIT_USAGE) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Why an index cannot be read. */
export type IndexProblem = 'missing' | 'corrupt' | 'version';

/** The index cannot be used for queries; the remedy is always `codira index`. */
export class IndexUnavailableError extends CodiraError {
  /** What is wrong with the index. */
  readonly problem: IndexProblem;

  /**
   * @param problem - What is wrong.
   * @param where - Path of the index file or state directory.
   * @param detail - Optional extra detail (e.g. the stored version).
   */
  constructor(problem: IndexProblem, where: string, detail?: string) {
    const what =
      problem === 'missing'
        ? `no index at ${where}`
        : problem === 'corrupt'
          ? `the index at ${where} is unreadable`
          : `the index at ${where} was written by another codira contract version`;
    super(`INDEX_${problem.toUpperCase()}`, `${what}${detail ? ` (${detail})` : ''}; run \`codira index\``);
    this.problem = problem;
  }
}

/** Invalid user input (option values, files the user named). */
export class UsageError extends CodiraError {
  /**
   * @param message - What is wrong and how to fix it.
   */
  constructor(message: string) {
    super('USAGE', message);
  }
}
