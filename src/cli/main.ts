/**
 * CLI entry: parse → run the command → print; every expected error is printed once, as one line, and mapped to its
 * exit code (`exit.ts`). The commands are listed in `command-list.ts`; a plain read command usually runs from the read
 * bundle instead (`read-entry.ts`), and reaches this entry only when the bundle is missing or declines it.
 *
 * @packageDocumentation
 */
import type { Argv } from 'yargs';
import { EXIT_USAGE } from '../core/errors.js';
import { markPhase } from '../core/phases.js';
import { COMMAND_LOADERS, loadAllCommands } from './command-list.js';
import { withGlobalOptions } from './context.js';
import { fail, report, watchStdout } from './exit.js';
import { parsePlainCommand } from './fast-path.js';

watchStdout();

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
