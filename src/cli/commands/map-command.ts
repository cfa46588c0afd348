/**
 * `codira map [--budget N] [--symbols N] [--prefix P]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { emit, nonNegativeInt, withReader, type GlobalArgs } from '../context.js';

interface MapArgs extends GlobalArgs {
  readonly budget: number;
  readonly symbols: number;
  readonly prefix?: string;
}

/** The `map` command. */
export const mapCommand: CommandModule<GlobalArgs, MapArgs> = {
  command: 'map',
  describe: 'Compact ranked overview: the most connected files and their symbols, within a size budget',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('budget', { type: 'number', default: 4000, describe: 'Maximum characters of the text map' })
      .option('symbols', { type: 'number', default: 5, describe: 'Symbols shown per file' })
      .option('prefix', { type: 'string', describe: 'Only files whose path starts with this prefix' })
      .example('$0 map --budget 2000', 'The map that fits in 2000 characters') as Argv<MapArgs>,
  handler: async (args: ArgumentsCamelCase<MapArgs>) => {
    const { repoMap, renderMap } = await import('../../query/map.js');
    const query = {
      budget: nonNegativeInt('budget', args.budget),
      symbolsPerFile: nonNegativeInt('symbols', args.symbols),
      pathPrefix: args.prefix,
    };
    const result = await withReader(args, (reader) => repoMap(reader, query));
    emit(args, result, renderMap);
  },
};
