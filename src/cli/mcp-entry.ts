/**
 * The `mcp` command's entry, run from one CommonJS bundle (`dist/cli/mcp-bundle.cjs`, built by
 * `scripts/bundle-cli.mjs`) that also holds the MCP SDK and zod (`server/sdk-entry.ts`, otherwise loaded from their
 * own bundle by `server/sdk.ts`). Why: a server's start to its first answer paid the ES module graph of the full CLI
 * (~50 modules) before it loaded the SDK bundle (`docs/process/issue-14-execution.md`, session 17; issue 12's
 * ledger, session 18). The index runs of the server load on their own thread from `dist/` (`index-thread.ts`).
 *
 * A command line the plain parser declines is handed back untouched; `bin/codira.js` then runs the full CLI.
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from './context.js';
import { runPlainCommand } from './plain-entry.js';

/** The command this entry runs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MCP_LOADERS: ReadonlyMap<string, () => Promise<CommandModule<GlobalArgs, any>>> = new Map([
  ['mcp', async () => (await import('./commands/mcp-command.js')).mcpCommand],
]);

/**
 * Run a plain `codira mcp` command line.
 *
 * @param argv - Arguments after the script name.
 * @returns `false` when the plain parser declines the line (nothing was run); `true` once the server ran (or its
 *   error was reported).
 */
export function runMcpCommand(argv: readonly string[]): Promise<boolean> {
  return runPlainCommand(MCP_LOADERS, argv);
}

/**
 * Initialise the modules a server on SQLite initialises before its first answer, without starting anything: the build
 * calls it before it writes the bundle's code cache, so their code is in it (see `writeWarmBundleCache`).
 */
export async function warmMcpModules(): Promise<void> {
  await Promise.all([
    import('./commands/mcp-command.js'),
    import('../server/live-index.js'),
    import('../server/mcp-server.js'),
    import('../server/refresher.js'),
    import('../server/sdk.js'),
    import('./index-thread.js'),
    import('../backends/registry.js'),
    import('../backends/sqlite/sqlite-backend.js'),
  ]);
}
