/**
 * The `index` command's entry, run from one CommonJS bundle (`dist/cli/index-bundle.cjs`, built by
 * `scripts/bundle-cli.mjs`), for the reason `read-entry.ts` gives: loading the ES module graph of an index run (~45
 * modules for a warm no-op, ~75 for a full run) one by one cost more CPU above a bare `node` start than the no-op's
 * own work (`docs/process/issue-12-execution.md`, session 18). The bundle holds the indexer, the writers and readers
 * of every backend; native addons, the grammars and the analysis hosts' entries stay where they are (a host loads its
 * own entry from `dist/`).
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
const INDEX_LOADERS: ReadonlyMap<string, () => Promise<CommandModule<GlobalArgs, any>>> = new Map([
  ['index', async () => (await import('./commands/index-command.js')).indexCommand],
]);

/**
 * Run a plain `codira index` command line. A `--full` run starts its analysis host before it scans (as the launcher
 * does for the full CLI, see `analysis-prestart.ts`).
 *
 * @param argv - Arguments after the script name.
 * @returns `false` when the plain parser declines the line (nothing was run); `true` once the command ran (or its
 *   error was reported).
 */
export function runIndexCommand(argv: readonly string[]): Promise<boolean> {
  return runPlainCommand(INDEX_LOADERS, argv, async (args) => {
    if (args['full'] === true) await (await import('./analysis-prestart.js')).prestartIndexAnalysis();
  });
}

/**
 * Initialise the modules an index run on SQLite initialises, without running anything: the build calls it before it
 * writes the bundle's code cache, so their code is in it (see `writeWarmBundleCache`).
 */
export async function warmIndexModules(): Promise<void> {
  await Promise.all([
    import('./commands/index-command.js'),
    import('./analysis-prestart.js'),
    import('../core/indexer.js'),
    import('../core/analysis-spawn.js'),
    import('../core/analysis-pool.js'),
    import('../analyzers/registry.js'),
    import('../backends/registry.js'),
    import('../backends/sqlite/sqlite-backend.js'),
    import('../backends/sqlite/sqlite-writer.js'),
  ]);
}
