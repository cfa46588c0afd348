/**
 * `codira symlist [--limit N] [--prefix P]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { emit, nonNegativeInt, withReader, type GlobalArgs } from '../context.js';
import { renderSymlist } from '../../query/render.js';

interface SymlistArgs extends GlobalArgs {
  readonly limit: number;
  readonly prefix?: string;
}

/** The `symlist` command. */
export const symlistCommand: CommandModule<GlobalArgs, SymlistArgs> = {
  command: 'symlist',
  describe: 'Symbols with call-graph metrics, most connected first',
  builder: (argv: Argv<GlobalArgs>) =>
    argv.option('limit', { type: 'number', default: 50, describe: 'Maximum rows (0 = all)' }).option('prefix', {
      type: 'string',
      describe: 'Only files whose path starts with this prefix',
    }) as Argv<SymlistArgs>,
  handler: async (args: ArgumentsCamelCase<SymlistArgs>) => {
    const { listSymbols } = await import('../../query/symbols.js');
    const limit = nonNegativeInt('limit', args.limit);
    const result = await withReader(args, (reader) => listSymbols(reader, limit === 0 ? null : limit, args.prefix));
    emit(args, result, renderSymlist);
  },
};
