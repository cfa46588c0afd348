/**
 * What every command shares: global options, resolving the repository and state directory, opening the chosen
 * backend's read session, and writing output.
 *
 * @packageDocumentation
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
// The registry module only names the backends; it loads none of them (each is imported when chosen).
import { BACKEND_NAMES, DEFAULT_BACKEND, loadBackend } from '../backends/registry.js';
import { markPhase } from '../core/phases.js';
import { STATE_DIR_NAME, type BackendFactory, type ReadSession, type StoreLocation } from '../core/contracts.js';
import { UsageError } from '../core/errors.js';
import { toJsonText } from './json-text.js';

/** Options every command accepts. */
export interface GlobalArgs {
  readonly path?: string;
  readonly 'output-dir'?: string;
  readonly backend?: string;
  readonly json?: boolean;
}

/**
 * Declare the global options on a yargs instance.
 *
 * @param argv - The yargs instance.
 * @returns The same instance with global options.
 */
export function withGlobalOptions<T>(argv: Argv<T>): Argv<T & GlobalArgs> {
  return argv
    .option('path', { type: 'string', describe: 'Repository root (default: current directory)', global: true })
    .option('output-dir', {
      type: 'string',
      describe: `Where the ${STATE_DIR_NAME}/ state directory lives (default: the repository root)`,
      global: true,
    })
    .option('backend', {
      type: 'string',
      describe: `Storage backend: ${BACKEND_NAMES.join(', ')} (default: $CODIRA_BACKEND or ${DEFAULT_BACKEND})`,
      global: true,
    })
    .option('json', { type: 'boolean', describe: 'Print machine-readable JSON', global: true }) as Argv<T & GlobalArgs>;
}

/**
 * Resolve where the repository and its index are, validating that the repository folder exists.
 *
 * @param args - Parsed global options.
 * @returns Absolute repository root and state directory.
 */
export function resolveLocation(args: GlobalArgs): StoreLocation {
  const repoRoot = resolve(args.path ?? process.cwd());
  let isDir = false;
  try {
    isDir = statSync(repoRoot).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`--path ${repoRoot} is not a directory`);
  const outputDir = resolve(args['output-dir'] ?? repoRoot);
  return { repoRoot, stateDir: join(outputDir, STATE_DIR_NAME) };
}

/**
 * The backend chosen by `--backend`, then `$CODIRA_BACKEND`, then the default.
 *
 * @param args - Parsed global options.
 * @returns The backend's factory.
 */
export async function chooseBackend(args: GlobalArgs): Promise<BackendFactory> {
  const fromEnv = process.env['CODIRA_BACKEND'];
  markPhase('load backend');
  return loadBackend(args.backend ?? (fromEnv && fromEnv.length > 0 ? fromEnv : DEFAULT_BACKEND));
}

/**
 * Set by `bin/codira.js` when it ends the process with `process.exit()` once a one-shot read command returned and its
 * output is flushed: native finalizers then never run, so a session may leave its release to the exit. Set too for a
 * one-shot `index`, which the launcher ends so only when nothing else runs (see there); otherwise the process ends as
 * usual and the finalizers release what a session left.
 */
const EXIT_AFTER_COMMAND_KEY = Symbol.for('codira.exitAfterCommand');

/**
 * @returns Whether the process exits (without native finalizers) as soon as this command returns, or may (`index`).
 */
export function processExitsAfterCommand(): boolean {
  return (globalThis as Record<symbol, unknown>)[EXIT_AFTER_COMMAND_KEY] === true;
}

/**
 * Run a query against the read path and always close the session (telling it when the process exits right after).
 *
 * @param args - Parsed global options.
 * @param query - The query to run.
 * @returns What the query returns.
 */
export async function withReader<T>(args: GlobalArgs, query: (reader: ReadSession) => Promise<T>): Promise<T> {
  const backend = await chooseBackend(args);
  markPhase('open index');
  const reader = await backend.openReader(resolveLocation(args));
  try {
    markPhase('query');
    return await query(reader);
  } finally {
    markPhase('close index');
    await reader.close(processExitsAfterCommand() ? { processExiting: true } : undefined);
  }
}

/**
 * Print a result: JSON with `--json`, otherwise the human rendering.
 *
 * @param args - Parsed global options.
 * @param result - The JSON-serialisable result.
 * @param human - Renders the result for people.
 */
export function emit<T>(args: GlobalArgs, result: T, human: (result: T) => string): void {
  markPhase('render');
  const text = args.json ? `${toJsonText(result)}\n` : human(result);
  process.stdout.write(text.endsWith('\n') || text.length === 0 ? text : `${text}\n`);
  markPhase('exit'); // from here to the end of the process: pending I/O, worker and native library teardown
}

/**
 * Validate a non-negative integer option.
 *
 * @param name - Option name for the message.
 * @param value - Parsed value.
 * @returns The value.
 */
export function nonNegativeInt(name: string, value: unknown): number {
  // Safe integers only: a larger number is not exact in JavaScript and overflows the engines' integer types.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    const shown = typeof value === 'number' && Number.isNaN(value) ? (rawOption(name) ?? 'not a number') : value;
    const range =
      typeof value === 'number' && value > Number.MAX_SAFE_INTEGER ? ` (at most ${Number.MAX_SAFE_INTEGER})` : '';
    throw new UsageError(`--${name} must be a non-negative integer${range}, got '${rawOption(name) ?? String(shown)}'`);
  }
  return value;
}

/**
 * The text the user typed for an option; yargs has already turned a non-numeric value of a number option into NaN.
 *
 * @param name - Option name without dashes.
 * @returns The last value given for it on the command line, or `undefined`.
 */
function rawOption(name: string): string | undefined {
  const argv = process.argv;
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) found = argv[i + 1];
    else if (arg.startsWith(`--${name}=`)) found = arg.slice(name.length + 3);
  }
  return found;
}
