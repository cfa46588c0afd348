/**
 * `codira calls NAME [--incoming] [--tree] [--depth N] [--dot] [--module M] [--prefix P]`, and the edge command
 * both `calls` and `refs` are made from (they differ only in the edge kind).
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { emit, nonNegativeInt, withReader, type GlobalArgs } from '../context.js';
import { renderEdges, renderEdgeTree } from '../../query/render.js';

interface EdgeArgs extends GlobalArgs {
  readonly name: string;
  readonly incoming?: boolean;
  readonly tree?: boolean;
  readonly dot?: boolean;
  readonly depth: number;
  readonly module?: string;
  readonly prefix?: string;
}

/**
 * The command over one edge kind.
 *
 * @param kind - `calls` (call edges) or `refs` (callable references).
 * @returns The yargs command module.
 */
export function edgeCommand(kind: 'calls' | 'refs'): CommandModule<GlobalArgs, EdgeArgs> {
  return {
    command: `${kind} <name>`,
    describe:
      kind === 'calls'
        ? 'Static call edges of a symbol (outgoing by default)'
        : 'Callable references: where a function is passed or registered as a value',
    builder: (argv: Argv<GlobalArgs>) =>
      argv
        .positional('name', { type: 'string', demandOption: true, describe: 'Symbol name (short or qualified)' })
        .option('incoming', { type: 'boolean', describe: 'Edges into the symbol instead of out of it' })
        .option('tree', { type: 'boolean', describe: 'Follow edges transitively (see --depth)' })
        .option('depth', { type: 'number', default: 3, describe: 'Levels for --tree' })
        .option('dot', { type: 'boolean', describe: 'Print a Graphviz digraph' })
        .option('module', { type: 'string', describe: 'Only symbols in this module (or its submodules)' })
        .option('prefix', {
          type: 'string',
          describe: 'Only files whose path starts with this prefix',
        }) as Argv<EdgeArgs>,
    handler: async (args: ArgumentsCamelCase<EdgeArgs>) => {
      if (args.tree && args.dot) throw new UsageError('--tree and --dot cannot be combined');
      const { queryEdges, edgeTreeResult, edgesToDot } = await import('../../query/calls.js');
      const q = {
        kind,
        name: String(args.name),
        direction: args.incoming ? ('incoming' as const) : ('outgoing' as const),
        module: args.module,
        pathPrefix: args.prefix,
      };
      if (args.tree) {
        const depth = nonNegativeInt('depth', args.depth);
        const tree = await withReader(args, (reader) => edgeTreeResult(reader, q, depth));
        emit(args, tree, renderEdgeTree);
        return;
      }
      const result = await withReader(args, (reader) => queryEdges(reader, q));
      if (args.dot) emit(args, { ...result, dot: edgesToDot(result) }, (r) => r.dot);
      else emit(args, result, renderEdges);
    },
  };
}

/** The `calls` command. */
export const callsCommand = edgeCommand('calls');
