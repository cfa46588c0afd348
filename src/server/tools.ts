/**
 * The server's query tools: input schema, the shared query function the CLI command also calls, the list that pages,
 * and the text rendering. A tool's result is exactly what the matching CLI command prints with `--json`.
 *
 * @packageDocumentation
 */
import type { z as Zod } from 'zod';
import type { ReadSession } from '../core/contracts.js';
import { auditFindings, renderAudit } from '../query/audit.js';
import { edgeTreeResult, queryEdges, type EdgeResult, type EdgeTreeResult } from '../query/calls.js';
import { buildContext } from '../query/ctx.js';
import { renderContext, renderPrompt } from '../query/ctx-prompt.js';
import { searchEmbeddings } from '../query/emb.js';
import { queryImpact, renderImpact } from '../query/impact.js';
import { renderMap, repoMap } from '../query/map.js';
import { renderEdges, renderEdgeTree, renderEmb, renderSym, renderSymlist } from '../query/render.js';
import { indexStatus, renderStatus, type StoreStamp } from '../query/status.js';
import { findSymbol, listSymbols } from '../query/symbols.js';
import type { SessionCache } from './live-index.js';
import { z } from './sdk.js';

/** What a query tool runs against: the leased session, the stamp of its store and the session's cache. */
export interface ToolContext {
  readonly reader: ReadSession;
  readonly stamp: StoreStamp;
  /** The session's cache, or `null` when the request must read the store alone. */
  readonly cache: SessionCache | null;
}

/** Longest accepted name, prefix or module argument; longer input is refused by validation, not truncated. */
const MAX_NAME = 1000;
/** Longest accepted free-text query. */
const MAX_QUERY = 4000;

const name = z.string().min(1).max(MAX_NAME).describe('Symbol name, short (parse) or qualified (pkg.mod.parse)');
const prefix = z.string().max(MAX_NAME).optional().describe('Only files whose path starts with this prefix');
const moduleName = z.string().max(MAX_NAME).optional().describe('Only symbols in this module or its submodules');
const depth = z.number().int().min(1).max(20).default(3).describe('Levels to follow');
const text = z.string().min(1).max(MAX_QUERY);

/** Arguments every tool accepts: paging, output budget and the freshness wait. */
export const COMMON_INPUT = {
  cursor: z.string().max(512).optional().describe('nextCursor of a previous page of the same call'),
  pageSize: z.number().int().min(1).max(10000).default(200).describe('Most list items in one answer'),
  budget: z
    .number()
    .int()
    .min(2000)
    .max(1_000_000)
    .default(20000)
    .describe('Most characters of the text answer and of its structured JSON; longer lists are cut with a marker'),
  wait: z
    .number()
    .int()
    .min(0)
    .max(30000)
    .default(0)
    .describe('With --watch: wait up to this many milliseconds for pending repository changes to be indexed'),
};

/** Validated arguments of a tool with input shape `S`. */
type Args<S extends Zod.ZodRawShape> = Zod.infer<Zod.ZodObject<S & typeof COMMON_INPUT>>;

/** One query tool, typed by its input shape and result. */
interface TypedTool<S extends Zod.ZodRawShape, R extends object> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: S;
  /** Result field holding the list that pages, or `null`. */
  readonly listKey: (result: R) => keyof R | null;
  run(ctx: ToolContext, args: Args<S>): Promise<R>;
  render(result: R, args: Args<S>): string;
}

/** A query tool as the server registers it (types erased: the SDK validates the arguments against `input`). */
export interface QueryTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: Zod.ZodRawShape;
  readonly listKey: (result: object) => string | null;
  run(ctx: ToolContext, args: Record<string, unknown>): Promise<object>;
  render(result: object, args: Record<string, unknown>): string;
}

function tool<S extends Zod.ZodRawShape, R extends object>(spec: TypedTool<S, R>): QueryTool {
  return spec as unknown as QueryTool;
}

function edgeTool(kind: 'calls' | 'refs') {
  return tool({
    name: kind,
    title: kind === 'calls' ? 'Call edges' : 'Callable references',
    description:
      kind === 'calls'
        ? 'Static call edges of a symbol: outgoing by default, incoming (callers) with incoming=true; tree=true ' +
          'follows them transitively up to depth. Same JSON as `codira calls --json`.'
        : 'Where a function is passed or registered as a value (callbacks, handlers); incoming=true for references ' +
          'to it. Same JSON as `codira refs --json`.',
    input: {
      name,
      incoming: z.boolean().default(false).describe('Edges into the symbol instead of out of it'),
      tree: z.boolean().default(false).describe('Follow edges transitively up to depth'),
      depth,
      module: moduleName,
      prefix,
    },
    listKey: (r) => ('trees' in r ? 'trees' : 'edges') as never,
    run: async ({ reader }, a) => {
      const q = {
        kind,
        name: a.name,
        direction: a.incoming ? ('incoming' as const) : ('outgoing' as const),
        module: a.module,
        pathPrefix: a.prefix,
      };
      return a.tree ? edgeTreeResult(reader, q, a.depth) : queryEdges(reader, q);
    },
    render: (r) => ('trees' in r ? renderEdgeTree(r as EdgeTreeResult) : renderEdges(r as EdgeResult)),
  });
}

/** Every query tool, in listing order. */
export const QUERY_TOOLS: readonly QueryTool[] = [
  tool({
    name: 'sym',
    title: 'Symbol definitions',
    description: 'Exact definition sites of a symbol by short or qualified name. Same JSON as `codira sym --json`.',
    input: { name, prefix },
    listKey: () => 'symbols',
    run: ({ reader }, a) => findSymbol(reader, a.name, a.prefix),
    render: renderSym,
  }),
  edgeTool('calls'),
  edgeTool('refs'),
  tool({
    name: 'symlist',
    title: 'Symbol inventory',
    description:
      'Symbols with call-graph fan-in and fan-out, most connected first. Same JSON as `codira symlist --json`.',
    input: { limit: z.number().int().min(0).max(1_000_000).default(50).describe('Maximum rows (0 = all)'), prefix },
    listKey: () => 'symbols',
    run: ({ reader }, a) => listSymbols(reader, a.limit === 0 ? null : a.limit, a.prefix),
    render: renderSymlist,
  }),
  tool({
    name: 'ctx',
    title: 'Context pack',
    description:
      'Ranked files and symbols for a natural-language question (lexical, embedding and call-graph signals). ' +
      'prompt=true renders the compact block for an agent prompt. Same JSON as `codira ctx --json`.',
    input: {
      query: text.describe('Natural-language question about the code'),
      limit: z.number().int().min(0).max(1000).default(10).describe('Maximum symbols and files'),
      prefix,
      prompt: z.boolean().default(false).describe('Text answer as the compact prompt block'),
    },
    listKey: () => 'symbols',
    run: async ({ reader, cache }, a) => buildContext(reader, a.query, a.limit, a.prefix, await cache?.lexicon()),
    render: (r, a) => (a.prompt ? renderPrompt(r) : renderContext(r)).replace(/\n$/, ''),
  }),
  tool({
    name: 'emb',
    title: 'Embedding search',
    description: 'Symbols most similar to a free-text query by embedding alone. Same JSON as `codira emb --json`.',
    input: {
      query: text.describe('Free-text query'),
      limit: z.number().int().min(0).max(1000).default(10).describe('Maximum matches'),
      prefix,
    },
    listKey: () => 'matches',
    run: ({ reader }, a) => searchEmbeddings(reader, a.query, a.limit, a.prefix),
    render: renderEmb,
  }),
  tool({
    name: 'audit',
    title: 'Documentation audit',
    description: 'Documentation findings (docstrings, TSDoc) per file and rule. Same JSON as `codira audit --json`.',
    input: { prefix },
    listKey: () => 'findings',
    run: ({ reader }, a) => auditFindings(reader, a.prefix),
    render: renderAudit,
  }),
  tool({
    name: 'impact',
    title: 'Change impact',
    description:
      'What a change to a symbol can reach: its transitive callers and referrers up to depth, with the files ' +
      'they sit in, nearest first. Same JSON as `codira impact --json`.',
    input: { name, depth, module: moduleName, prefix },
    listKey: () => 'symbols',
    run: ({ reader }, a) =>
      queryImpact(reader, { name: a.name, depth: a.depth, module: a.module, pathPrefix: a.prefix }),
    render: renderImpact,
  }),
  tool({
    name: 'map',
    title: 'Repository map',
    description:
      'A compact ranked overview: the most connected files with their most connected symbols, within the ' +
      'budget. Same JSON as `codira map --json --budget <budget>`.',
    input: { symbols: z.number().int().min(0).max(100).default(5).describe('Symbols shown per file'), prefix },
    listKey: () => 'files',
    run: ({ reader }, a) => repoMap(reader, { budget: a.budget, symbolsPerFile: a.symbols, pathPrefix: a.prefix }),
    render: renderMap,
  }),
  tool({
    name: 'status',
    title: 'Index status',
    description:
      'The open index: backend, when it was built, size, files indexed and failed per language; the answer ' +
      'also carries the generation and whether repository changes are pending. Same JSON as `codira status --json`.',
    input: {},
    listKey: () => null,
    run: ({ reader, stamp }) => indexStatus(reader, stamp),
    render: renderStatus,
  }),
];
