/**
 * `codira graph [--prefix P] [--dot]`: every call and reference edge in one process.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { compareText } from '../../core/text.js';
import type { GraphResult } from '../../query/graph.js';
import { emit, withReader, type GlobalArgs } from '../context.js';
import { at, table } from '../render.js';

interface GraphArgs extends GlobalArgs {
  readonly prefix?: string;
  readonly dot?: boolean;
}

function renderLines(r: GraphResult): string {
  if (r.edges.length === 0) return 'no call or reference sites';
  return table(
    r.edges.map((e) => [
      at(e.path, e.line),
      e.caller,
      e.kind === 'call' ? '->' : '~>',
      e.target ?? `${e.text} (unresolved)`,
    ]),
  );
}

function renderDot(r: GraphResult): string {
  const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = new Set<string>();
  for (const e of r.edges) {
    if (e.target === null) continue;
    lines.add(`  ${quote(e.caller)} -> ${quote(e.target)}${e.kind === 'reference' ? ' [style=dotted]' : ''};`);
  }
  return ['digraph codira {', '  rankdir=LR;', ...[...lines].sort(compareText), '}', ''].join('\n');
}

/** The `graph` command. */
export const graphCommand: CommandModule<GlobalArgs, GraphArgs> = {
  command: 'graph',
  describe: 'The whole call and reference graph: every site with its caller, target (or unresolved text) and kind',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('prefix', { type: 'string', describe: 'Only sites in files whose path starts with this prefix' })
      .option('dot', { type: 'boolean', describe: 'Print resolved edges as a Graphviz digraph' }) as Argv<GraphArgs>,
  handler: async (args: ArgumentsCamelCase<GraphArgs>) => {
    const { queryGraph } = await import('../../query/graph.js');
    const result = await withReader(args, (reader) => queryGraph(reader, args.prefix));
    if (args.dot && !args.json) emit(args, result, renderDot);
    else emit(args, result, renderLines);
  },
};
