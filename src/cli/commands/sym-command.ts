/**
 * `codira sym NAME [--prefix P]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { emit, withReader, type GlobalArgs } from '../context.js';
import { renderSym } from '../../query/render.js';

interface SymArgs extends GlobalArgs {
  readonly name: string;
  readonly prefix?: string;
}

/** The `sym` command. */
export const symCommand: CommandModule<GlobalArgs, SymArgs> = {
  command: 'sym <name>',
  describe: 'Exact definition sites of a symbol (short or qualified name)',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .positional('name', { type: 'string', demandOption: true, describe: 'Symbol name' })
      .option('prefix', { type: 'string', describe: 'Only files whose path starts with this prefix' }) as Argv<SymArgs>,
  handler: async (args: ArgumentsCamelCase<SymArgs>) => {
    const { findSymbol } = await import('../../query/symbols.js');
    const result = await withReader(args, (reader) => findSymbol(reader, String(args.name), args.prefix));
    emit(args, result, renderSym);
  },
};
