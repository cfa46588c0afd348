/**
 * The yargs-free parse of plain command lines must hand every handler exactly what yargs hands it, and must decline
 * (so yargs parses and reports) everything it does not model.
 */
import yargs from 'yargs';
import type { Argv, CommandModule } from 'yargs';
import { describe, expect, it } from 'vitest';
import { COMMAND_LOADERS, loadAllCommands } from '../../src/cli/command-list.js';
import { withGlobalOptions } from '../../src/cli/context.js';
import { parsePlainCommand } from '../../src/cli/fast-path.js';

const globals = (argv: Argv): unknown => withGlobalOptions(argv);
const COMMANDS = await loadAllCommands();

/**
 * What yargs passes to the handler for `argv`.
 *
 * @param argv - Command line after the script name.
 * @returns The handler's arguments.
 */
async function viaYargs(argv: readonly string[]): Promise<Record<string, unknown>> {
  let captured: Record<string, unknown> | undefined;
  let cli = withGlobalOptions(yargs([...argv])).scriptName('codira');
  for (const command of COMMANDS) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const capturing: CommandModule<any, any> = {
      ...command,
      handler: (args: Record<string, unknown>) => {
        captured = args;
      },
    };
    cli = cli.command(capturing);
  }
  await cli.strict().parseAsync();
  return captured!;
}

const PLAIN = [
  ['sym', 'Basic'],
  ['sym', 'pkg.mod.fn', '--prefix', 'src/', '--json', '--backend', 'duckdb'],
  ['calls', 'run', '--incoming', '--tree', '--depth', '5', '--path', '/tmp', '--output-dir=/tmp/out'],
  ['refs', 'run', '--module', 'pkg'],
  ['symlist', '--limit', '10'],
  ['ctx', 'how are edges resolved', '--json'],
  ['emb', 'vector search'],
  ['audit', '--strict'],
  ['index', '--full', '--workers', '0'],
];

describe('plain command lines without yargs', () => {
  it('finds each command under the first word of its own declaration', async () => {
    for (const [name, load] of COMMAND_LOADERS) expect(String((await load()).command).split(' ')[0]).toBe(name);
  });

  it.each(PLAIN)('%s … hands the handler what yargs hands it', async (...argv) => {
    const plain = parsePlainCommand(argv, COMMANDS, globals);
    expect(plain).toBeDefined();
    const expected = await viaYargs(argv);
    expect(plain!.command.command).toBe(COMMANDS.find((c) => String(c.command).split(' ')[0] === argv[0])!.command);
    expect(plain!.args).toEqual(expected);
  });

  it.each([
    [['--help']],
    [['sym', '--help']],
    [['sym', 'x', '-h']],
    [['--version']],
    [['sym']],
    [['sym', 'a', 'b']],
    [['sym', 'x', '--bogus']],
    [['sym', 'x', '--prefix', 'a', '--prefix', 'b']],
    [['calls', 'x', '--depth', 'deep']],
    [['calls', 'x', '--no-tree']],
    [['campaign', 'run', 'short']],
    [['nosuchcommand']],
    [[]],
  ])('declines %j (yargs parses and reports it)', (argv) => {
    expect(parsePlainCommand(argv, COMMANDS, globals)).toBeUndefined();
  });
});
