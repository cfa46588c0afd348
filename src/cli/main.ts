/**
 * CLI entry: parse → run the command → print; every expected error is printed here, once, as one line, and mapped
 * to its exit code. The commands are listed in `command-list.ts`.
 *
 * @packageDocumentation
 */
import type { Argv } from 'yargs';
import { CodiraError, EXIT_FAILURE, EXIT_USAGE } from '../core/errors.js';
import { markPhase } from '../core/phases.js';
import { COMMAND_LOADERS, loadAllCommands } from './command-list.js';
import { withGlobalOptions } from './context.js';
import { parsePlainCommand } from './fast-path.js';
import { describeSystemError, isBrokenPipe } from './system-errors.js';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`codira: ${message}\n`);
  process.exit(exitCode);
}

function report(error: unknown): never {
  if (error instanceof CodiraError) fail(error.message, error.exitCode);
  const system = describeSystemError(error);
  if (system !== null) fail(system, EXIT_USAGE);
  const message = error instanceof Error ? error.message : String(error);
  if (process.env['CODIRA_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  fail(`internal error: ${message} (set CODIRA_DEBUG=1 for details)`, EXIT_FAILURE);
}

// A reader that stops early (`codira symlist | head -1`) is not an error: stop quietly, like other Unix tools.
process.stdout.on('error', (error) => {
  if (isBrokenPipe(error)) process.exit(0);
  report(error);
});

async function main(): Promise<void> {
  markPhase('parse + load command');
  // A plain invocation of a simple command skips loading yargs (see fast-path.ts); everything else goes to yargs.
  const argv = process.argv.slice(2);
  const load = argv[0] === undefined ? undefined : COMMAND_LOADERS.get(argv[0]);
  const plain = load && parsePlainCommand(argv, [await load()], (options: Argv) => withGlobalOptions(options));
  if (plain) {
    await plain.command.handler(plain.args);
    return;
  }
  const [{ default: yargs }, { hideBin }, COMMANDS] = await Promise.all([
    import('yargs'),
    import('yargs/helpers'),
    loadAllCommands(),
  ]);
  let cli = withGlobalOptions(yargs(hideBin(process.argv))).scriptName('codira');
  for (const command of COMMANDS) cli = cli.command(command);
  await cli
    .demandCommand(1, 'name a command; see codira --help')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(120, process.stdout.columns ?? 120))
    .fail((message, error) => {
      if (error) report(error);
      fail(`${message} (see codira --help)`, EXIT_USAGE);
    })
    .parseAsync();
}

main().catch(report);
