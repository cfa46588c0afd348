/**
 * `codira mcp`: the MCP server over stdio. It keeps one read session open (see `live-index.ts`), refreshes the index
 * in the background when watching (see `refresher.ts`, `watcher.ts`), and answers every tool call on one leased
 * session with the CLI's JSON as structured content plus a compact text, both within the call's budget.
 *
 * Every answer carries `index: { generation, builtAt, pending, indexing }`; an expected failure (bad input, missing
 * index, an unknown name) is a tool error with a one-line message, and the server keeps running.
 *
 * @packageDocumentation
 */
import type { McpServer as McpServerType } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { BackendFactory, StoreLocation } from '../core/contracts.js';
import { CodiraError } from '../core/errors.js';
import { LiveIndex, type Lease } from './live-index.js';
import { decodeCursor, paginate, queryKey } from './paging.js';
import type { Refresher } from './refresher.js';
import { type RunReport } from './refresher.js';
import { McpServer, z } from './sdk.js';
import { COMMON_INPUT, QUERY_TOOLS, type QueryTool } from './tools.js';

/** Freshness facts attached to every answer. */
export interface IndexFacts {
  /** Server-local counter, increased each time the server switches to a newly published index. */
  readonly generation: number;
  /** ISO time the answering index was written, or `null` when there is none yet. */
  readonly builtAt: string | null;
  /** Watched repository changes not yet indexed; `null` without `--watch`. */
  readonly pending: boolean | null;
  /** An index run of this server is in progress. */
  readonly indexing: boolean;
}

/** What the server needs from its caller (the CLI command wires the backend, analyzers and index runs). */
export interface ServerOptions<R extends RunReport> {
  readonly backend: BackendFactory;
  readonly location: StoreLocation;
  readonly version: string;
  /** Runs and serialises index runs; its `run` is the `index` command's. */
  readonly refresher: Refresher<R>;
  /** Text rendering of an index run's report. */
  readonly renderRun: (report: R) => string;
  /** Longest argument payload in elements (arrays and object members). */
  readonly maxInputElements?: number;
  /** The live index, when the caller opened it already (to overlap the open with loading the SDK). */
  readonly index?: LiveIndex;
  /** Called once, after the first tool call has been answered (start-up work that must not delay that answer). */
  readonly afterFirstAnswer?: () => void;
}

/** A server ready to connect, with the index it holds. */
export interface CodiraServer {
  readonly mcp: McpServerType;
  readonly index: LiveIndex;
}

function errorResult(error: unknown): CallToolResult {
  const message =
    error instanceof CodiraError
      ? error.message
      : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: 'text', text: message }], isError: true };
}

function footer(facts: IndexFacts): string {
  const pending = facts.pending === null ? 'not watched' : facts.pending ? 'yes' : 'no';
  return `[index: generation ${facts.generation}, built ${facts.builtAt ?? 'never'}, pending changes: ${pending}${facts.indexing ? ', indexing' : ''}]`;
}

/**
 * Build the MCP server with every tool registered.
 *
 * @param options - Backend, location, version and the refresher.
 * @returns The server and its live index.
 */
export function createCodiraServer<R extends RunReport>(options: ServerOptions<R>): CodiraServer {
  const { refresher } = options;
  const index = options.index ?? new LiveIndex(options.backend, options.location);
  const mcp = new McpServer(
    { name: 'codira', version: options.version },
    { maxToolInputElements: options.maxInputElements ?? 10_000 },
  );
  const facts = (lease: Lease | null): IndexFacts => {
    const { pending, indexing } = refresher.freshness();
    return {
      generation: lease?.generation ?? index.openGeneration,
      builtAt: lease ? new Date(lease.stamp.mtimeMs).toISOString() : null,
      pending,
      indexing,
    };
  };
  const answer = (text: string, structured: Record<string, unknown>, info: IndexFacts): CallToolResult => ({
    content: [{ type: 'text', text: `${text}\n${footer(info)}` }],
    structuredContent: { ...structured, index: info },
  });

  let firstAnswer = options.afterFirstAnswer;
  // After the handler returns, the SDK writes the answer in the same turn; the callback runs on the next one.
  const answered = (): void => {
    if (!firstAnswer) return;
    setImmediate(firstAnswer);
    firstAnswer = undefined;
  };

  for (const tool of QUERY_TOOLS) {
    mcp.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: { ...tool.input, ...COMMON_INPUT } },
      async (args: Record<string, unknown>) => {
        try {
          return await runQueryTool(tool, args);
        } catch (error) {
          return errorResult(error);
        } finally {
          answered();
        }
      },
    );
  }

  const runQueryTool = async (tool: QueryTool, args: Record<string, unknown>): Promise<CallToolResult> => {
    const wait = args['wait'] as number;
    if (wait > 0) await refresher.settle(wait);
    const lease = await index.acquire();
    try {
      const offset = decodeCursor(args['cursor'] as string | undefined, queryKey(tool.name, args), lease.generation);
      const result = await lease.run((reader, cache) => tool.run({ reader, stamp: lease.stamp, cache }, args));
      const page = paginate({
        result,
        listKey: tool.listKey(result) as keyof object | null,
        render: (r) => tool.render(r, args),
        offset,
        pageSize: args['pageSize'] as number,
        budget: args['budget'] as number,
        query: queryKey(tool.name, args),
        generation: lease.generation,
      });
      const structured = page.page ? { result: page.result, page: page.page } : { result: page.result };
      return answer(page.text, structured, facts(lease));
    } finally {
      lease.release();
    }
  };

  mcp.registerTool(
    'index',
    {
      title: 'Refresh the index',
      description:
        'Run an index run now (incremental unless full=true; a no-op when nothing changed) and switch to its ' +
        'result. Same JSON as `codira index --json`.',
      inputSchema: { full: z.boolean().default(false).describe('Rebuild from scratch') },
    },
    async (args) => {
      try {
        const report = await refresher.refresh(args.full);
        const lease = await index.acquire();
        try {
          return answer(options.renderRun(report), { result: report }, facts(lease));
        } finally {
          lease.release();
        }
      } catch (error) {
        return errorResult(error);
      }
    },
  );
  return { mcp, index };
}
