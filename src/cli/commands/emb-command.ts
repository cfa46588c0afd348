/**
 * `codira emb "query" [--limit N] [--prefix P]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { emit, nonNegativeInt, withReader, type GlobalArgs } from '../context.js';
import { renderEmb } from '../../query/render.js';

interface EmbArgs extends GlobalArgs {
  readonly query: string;
  readonly limit: number;
  readonly prefix?: string;
}

/** The `emb` command. */
export const embCommand: CommandModule<GlobalArgs, EmbArgs> = {
  command: 'emb <query>',
  describe: 'Symbols most similar to a query by embedding alone (cosine similarity)',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .positional('query', { type: 'string', demandOption: true, describe: 'Free-text query' })
      .option('limit', { type: 'number', default: 10, describe: 'Maximum matches' })
      .option('prefix', { type: 'string', describe: 'Only files whose path starts with this prefix' })
      .example('$0 emb "parse the Link header" --limit 5', 'The five symbols closest to the query') as Argv<EmbArgs>,
  handler: async (args: ArgumentsCamelCase<EmbArgs>) => {
    const { searchEmbeddings } = await import('../../query/emb.js');
    const limit = nonNegativeInt('limit', args.limit);
    const result = await withReader(args, (reader) => searchEmbeddings(reader, String(args.query), limit, args.prefix));
    emit(args, result, renderEmb);
  },
};
