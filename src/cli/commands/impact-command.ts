/**
 * `codira impact NAME [--depth N] [--module M] [--prefix P]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { emit, nonNegativeInt, withReader, type GlobalArgs } from '../context.js';

interface ImpactArgs extends GlobalArgs {
  readonly name: string;
  readonly depth: number;
  readonly module?: string;
  readonly prefix?: string;
}

/** The `impact` command. */
export const impactCommand: CommandModule<GlobalArgs, ImpactArgs> = {
  command: 'impact <name>',
  describe: 'What a change to a symbol can reach: transitive callers and referrers, with their files',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .positional('name', { type: 'string', demandOption: true, describe: 'Symbol name (short or qualified)' })
      .option('depth', { type: 'number', default: 3, describe: 'Levels of callers/referrers to follow (at least 1)' })
      .option('module', { type: 'string', describe: 'Only symbols in this module (or its submodules)' })
      .option('prefix', { type: 'string', describe: 'Only match symbols in files under this prefix' })
      .example(
        '$0 impact parse_header --depth 2',
        'Callers and referrers up to two levels, grouped by file',
      ) as Argv<ImpactArgs>,
  handler: async (args: ArgumentsCamelCase<ImpactArgs>) => {
    const { queryImpact, renderImpact } = await import('../../query/impact.js');
    const depth = Math.max(1, nonNegativeInt('depth', args.depth));
    const query = { name: String(args.name), depth, module: args.module, pathPrefix: args.prefix };
    const result = await withReader(args, (reader) => queryImpact(reader, query));
    emit(args, result, renderImpact);
  },
};
