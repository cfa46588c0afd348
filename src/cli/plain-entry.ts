/**
 * Running one plain command line from a bundle's entry (`read-entry.ts`, `index-entry.ts`, `mcp-entry.ts`): the
 * command's own module, parsed by the plain parser (`fast-path.ts`), errors reported as the full CLI reports them.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { markPhase } from '../core/phases.js';
import { withGlobalOptions, type GlobalArgs } from './context.js';
import { report, watchStdout } from './exit.js';
import { parsePlainCommand } from './fast-path.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<GlobalArgs, any>;

/**
 * Run a plain invocation of one of `loaders`' commands.
 *
 * @param loaders - The commands the entry runs, by name.
 * @param argv - Arguments after the script name.
 * @param beforeRun - Called with the parsed arguments before the command runs (e.g. to start an analysis host).
 * @returns `false` when this is not a plain invocation of one of them (nothing was run); `true` once the command ran
 *   (or its error was reported).
 */
export async function runPlainCommand(
  loaders: ReadonlyMap<string, () => Promise<AnyCommand>>,
  argv: readonly string[],
  beforeRun?: (args: ArgumentsCamelCase<Record<string, unknown>>) => Promise<void>,
): Promise<boolean> {
  const load = argv[0] === undefined ? undefined : loaders.get(argv[0]);
  if (load === undefined) return false;
  markPhase('parse + load command');
  const plain = parsePlainCommand(argv, [await load()], (options: Argv) => withGlobalOptions(options));
  if (plain === undefined) return false;
  watchStdout();
  try {
    await beforeRun?.(plain.args);
    await plain.command.handler(plain.args);
  } catch (error) {
    report(error);
  }
  return true;
}
