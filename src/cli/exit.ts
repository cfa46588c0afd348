/**
 * How the CLI ends on an error: every expected error is printed once, as one line, and mapped to its exit code.
 * Shared by the full entry (`main.ts`) and the read path's bundled entry (`read-entry.ts`).
 *
 * @packageDocumentation
 */
import { CodiraError, EXIT_FAILURE, EXIT_USAGE } from '../core/errors.js';
import { describeSystemError, isBrokenPipe } from './system-errors.js';

/**
 * Print `codira: message` to stderr and exit.
 *
 * @param message - One line.
 * @param exitCode - The process's exit code.
 */
export function fail(message: string, exitCode: number): never {
  process.stderr.write(`codira: ${message}\n`);
  process.exit(exitCode);
}

/**
 * Report an error thrown by a command and exit with its code.
 *
 * @param error - Anything thrown.
 */
export function report(error: unknown): never {
  if (error instanceof CodiraError) fail(error.message, error.exitCode);
  const system = describeSystemError(error);
  if (system !== null) fail(system, EXIT_USAGE);
  const message = error instanceof Error ? error.message : String(error);
  if (process.env['CODIRA_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  fail(`internal error: ${message} (set CODIRA_DEBUG=1 for details)`, EXIT_FAILURE);
}

let watching = false;

/** A reader that stops early (`codira symlist | head -1`) is not an error: stop quietly, like other Unix tools. */
export function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (error) => {
    if (isBrokenPipe(error)) process.exit(0);
    report(error);
  });
}
