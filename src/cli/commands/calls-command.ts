/**
 * `codira calls NAME [--incoming] [--tree] [--depth N] [--dot] [--module M] [--prefix P]`, and the edge command
 * both `calls` and `refs` are made from (they differ only in the edge kind).
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { escapeControl } from '../../core/text.js';
import type { EdgeResult, EdgeTreeNode } from '../../query/calls.js';
import { emit, nonNegativeInt, withReader, type GlobalArgs } from '../context.js';
import { at, table } from '../render.js';

interface EdgeArgs extends GlobalArgs {
  readonly name: string;
  readonly incoming?: boolean;
  readonly tree?: boolean;
  readonly dot?: boolean;
  readonly depth: number;
  readonly module?: string;
  readonly prefix?: string;
}

function renderFlat(r: EdgeResult): string {
  if (r.matches.length === 0) return `no symbol named '${r.query}'`;
  if (r.edges.length === 0)
    return `no ${r.direction} ${r.kind === 'calls' ? 'calls' : 'references'} for ${r.matches.join(', ')}`;
  const arrow = r.kind === 'calls' ? '->' : '~>';
  return table(r.edges.map((e) => [at(e.path, e.line), e.from, arrow, e.resolved ? e.to : `${e.to} (unresolved)`]));
}

function renderTree(nodes: readonly EdgeTreeNode[]): string {
  const lines: string[] = [];
  // Depth first without recursion: a call chain can be thousands of levels deep.
  const stack = [...nodes].reverse().map((node) => ({ node, indent: '' }));
  while (stack.length > 0) {
    const { node, indent } = stack.pop()!;
    const note = node.cycle ? ' (cycle)' : node.resolved ? '' : ' (unresolved)';
    lines.push(`${indent}${escapeControl(node.symbol)}  ${at(node.path, node.line)}${note}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, indent: `${indent}  ` });
  }
  return lines.join('\n');
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
      const { queryEdges, queryEdgeTree, edgesToDot } = await import('../../query/calls.js');
      const q = {
        kind,
        name: String(args.name),
        direction: args.incoming ? ('incoming' as const) : ('outgoing' as const),
        module: args.module,
        pathPrefix: args.prefix,
      };
      if (args.tree) {
        const depth = nonNegativeInt('depth', args.depth);
        const trees = await withReader(args, (reader) => queryEdgeTree(reader, q, Math.max(1, depth)));
        emit(args, { kind, query: q.name, direction: q.direction, depth, trees }, (r) =>
          r.trees.length === 0 ? `no symbol named '${q.name}'` : renderTree(r.trees),
        );
        return;
      }
      const result = await withReader(args, (reader) => queryEdges(reader, q));
      if (args.dot) emit(args, { ...result, dot: edgesToDot(result) }, (r) => r.dot);
      else emit(args, result, renderFlat);
    },
  };
}

/** The `calls` command. */
export const callsCommand = edgeCommand('calls');
