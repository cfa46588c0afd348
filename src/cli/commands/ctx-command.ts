/**
 * `codira ctx "query" [--limit N] [--prefix P] [--prompt]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { emit, nonNegativeInt, withReader, type GlobalArgs } from '../context.js';

interface CtxArgs extends GlobalArgs {
  readonly query: string;
  readonly limit: number;
  readonly prefix?: string;
  readonly prompt?: boolean;
}

/** The `ctx` command. */
export const ctxCommand: CommandModule<GlobalArgs, CtxArgs> = {
  command: 'ctx <query>',
  describe: 'Context pack for a question: ranked files and symbols (lexical, embedding, call graph)',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .positional('query', { type: 'string', demandOption: true, describe: 'Natural-language query' })
      .option('limit', { type: 'number', default: 10, describe: 'Maximum symbols and files' })
      .option('prefix', { type: 'string', describe: 'Only files whose path starts with this prefix' })
      .option('prompt', { type: 'boolean', describe: 'Print a compact text block for an agent' })
      .example(
        '$0 ctx "how are schema migrations applied"',
        'Ranked files and symbols with the reasons they were chosen',
      )
      .example(
        '$0 ctx "retry failed connections" --prompt --limit 5',
        'A compact block to paste into an agent prompt',
      ) as Argv<CtxArgs>,
  handler: async (args: ArgumentsCamelCase<CtxArgs>) => {
    if (args.prompt && args.json) throw new UsageError('--prompt and --json cannot be combined');
    const limit = nonNegativeInt('limit', args.limit);
    const { buildContext } = await import('../../query/ctx.js');
    const { renderContext, renderPrompt } = await import('../../query/ctx-prompt.js');
    const result = await withReader(args, (reader) => buildContext(reader, String(args.query), limit, args.prefix));
    emit(args, result, args.prompt ? renderPrompt : renderContext);
  },
};
