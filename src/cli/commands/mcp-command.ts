/**
 * `codira mcp [--watch] [--debounce MS]`: serve the index to an agent over stdio (Model Context Protocol).
 *
 * Lifecycle: open the index while the SDK loads and the client completes its handshake; index runs happen on a thread
 * of their own (`index-thread.ts`); with `--watch`, start the watcher and one catch-up index run. On SIGTERM, SIGINT or the end of stdin: stop watching, let a running index run
 * finish (it commits or aborts, so no writer or temporary file is left), let in-flight requests finish, close the
 * sessions, exit 0. Nothing but protocol messages is written to stdout; diagnostics go to stderr.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { chooseBackend, nonNegativeInt, resolveLocation, type GlobalArgs } from '../context.js';
import { traceEvent } from '../../core/phases.js';
import { tuneTiering } from '../../server/tiering.js';
import { renderIndexReport } from './index-command.js';

interface McpArgs extends GlobalArgs {
  readonly watch?: boolean;
  readonly debounce: number;
  readonly workers?: number;
}

/** Longest wait for in-flight requests at shutdown. */
const DRAIN_MS = 5000;
/** Largest JSON-RPC message accepted on stdin (the SDK's default is 10 MiB and closes the transport beyond it). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function log(message: string): void {
  process.stderr.write(`codira mcp: ${message}\n`);
}

/** The `mcp` command. */
export const mcpCommand: CommandModule<GlobalArgs, McpArgs> = {
  command: 'mcp',
  describe: 'Serve the index to an agent over stdio (Model Context Protocol); --watch keeps it fresh',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('watch', { type: 'boolean', describe: 'Watch the repository and re-index changes in the background' })
      // The native watcher already waits for 50 ms of quiet before it reports a batch; this only joins its batches.
      .option('debounce', { type: 'number', default: 10, describe: 'Quiet milliseconds after a change before a run' })
      .option('workers', { type: 'number', describe: 'Analysis worker threads of index runs (as for codira index)' })
      .example(
        '$0 mcp --watch --path ~/src/project',
        'Register this line as a stdio MCP server in an agent',
      ) as Argv<McpArgs>,
  handler: async (args: ArgumentsCamelCase<McpArgs>) => {
    const debounce = nonNegativeInt('debounce', args.debounce);
    const location = resolveLocation(args);
    const backend = await chooseBackend(args);
    // Open the index first: the engine opens it (DuckDB on its own threads) while the SDK loads, and the first
    // request finds it open.
    const { LiveIndex } = await import('../../server/live-index.js');
    const index = new LiveIndex(backend, location);
    void index.acquire().then(
      (lease) => lease.release(),
      () => undefined, // no index yet: the first request reports it
    );
    const [{ createCodiraServer }, { Refresher }, { StdioServerTransport }] = await Promise.all([
      import('../../server/mcp-server.js'),
      import('../../server/refresher.js'),
      import('../../server/sdk.js'),
    ]);
    const { IndexThread } = await import('../index-thread.js');
    const indexThread = new IndexThread(args, args.watch === true);
    // After a run of its own, the server switches at once (not on the next request) to what the run published.
    const run = async (full: boolean) => {
      traceEvent('run start');
      const report = await indexThread.run(full);
      traceEvent(`run reported ${report.mode}`);
      await index.refresh().catch(() => undefined);
      traceEvent('switched');
      return report;
    };
    const refresher = new Refresher(run, debounce, args.watch === true, log);
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const server = createCodiraServer({
      backend,
      location,
      index,
      version: pkg.version,
      refresher,
      renderRun: (report) => renderIndexReport(report, false),
      // From then on V8 optimises the request path within a few hundred requests (see tiering.ts); set after the
      // first answer, so start-up compiles nothing extra.
      afterFirstAnswer: () => void tuneTiering(),
    });

    let watcher: { close(): Promise<void> } | null = null;
    if (args.watch) {
      const [{ watchRepository }, { ANALYZERS }, { analyzerFor }] = await Promise.all([
        import('../../server/watcher.js'),
        import('../../analyzers/registry.js'),
        import('../../core/analyzer.js'),
      ]);
      watcher = await watchRepository({
        root: location.repoRoot,
        stateDir: location.stateDir,
        claims: (path) => analyzerFor(ANALYZERS, path) !== undefined,
        onChange: () => {
          traceEvent('change');
          refresher.noteChange();
        },
        log,
      });
      refresher.noteChange(); // catch up with changes made while no server was watching
    }

    const transport = new StdioServerTransport(process.stdin, process.stdout, { maxBufferSize: MAX_MESSAGE_BYTES });
    // A malformed message is reported and skipped; the transport stays open.
    transport.onerror = (error) => log(`bad message: ${error.message}`);
    let stopping: Promise<void> | null = null;
    const stop = (why: string): Promise<void> =>
      (stopping ??= (async () => {
        log(`shutting down (${why})`);
        await watcher?.close().catch(() => undefined);
        await refresher.close();
        await indexThread.close();
        await server.index.close(DRAIN_MS);
        await server.mcp.close().catch(() => undefined);
      })());
    const done = new Promise<void>((resolve) => {
      const finish = (why: string) => () => void stop(why).then(resolve);
      process.once('SIGTERM', finish('SIGTERM'));
      process.once('SIGINT', finish('SIGINT'));
      process.stdin.once('end', finish('stdin closed'));
      process.stdin.once('close', finish('stdin closed'));
    });
    await server.mcp.connect(transport);
    // The transport closes itself on an unrecoverable input error (an over-long message): shut down the same way.
    server.mcp.server.onclose = () => void stop('transport closed').then(() => process.exit(0));
    // A bug in one request must not take the server down with the others; it is reported and that request fails.
    process.on('uncaughtException', (error) => log(`internal error: ${error.message}`));
    process.on('unhandledRejection', (error) => log(`internal error: ${String(error)}`));
    await done;
    // Native drivers and the watcher's thread may hold the loop open; everything is closed, so leave.
    process.exit(0);
  },
};
