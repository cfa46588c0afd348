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
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { WARM_SOURCES, editedWarmSource } from '../core/warm-sources.js';
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
 * Initialise the modules an index run on SQLite initialises, then index a scratch repository of
 * {@link WARM_SOURCES} twice on SQLite — in full, then after a one-function edit of each file, the run a user pays most
 * often — with its output discarded: the build calls it before it writes the bundle's code cache, so the code those
 * runs execute is in the cache instead of compiled lazily in every run (see `writeWarmBundleCache`; issue 12 ledger,
 * session 20, s20-sqlonefile). V8's flags are given back their defaults at the end, as the cache must be written under
 * the flags a run loads it with (`cli/optimizer-hold.ts`).
 *
 * @returns The two runs' reports, as `--json` printed them (tests check that both ran as intended).
 */
export async function warmIndexModules(): Promise<string[]> {
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
  const scratch = mkdtempSync(join(tmpdir(), 'codira-warm-index-'));
  const repo = join(scratch, 'repo');
  mkdirSync(repo);
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  for (const [path, text] of Object.entries(WARM_SOURCES)) write(path, text);
  const where = ['--path', repo, '--output-dir', join(scratch, 'state'), '--backend', 'sqlite', '--json'];
  const reports: string[] = [];
  const stdoutWrite = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    reports.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await runIndexCommand(['index', '--full', ...where]);
    for (const path of Object.keys(WARM_SOURCES)) write(path, editedWarmSource(path));
    await runIndexCommand(['index', ...where]);
  } finally {
    process.stdout.write = stdoutWrite;
    (await import('./optimizer-hold.js')).releaseOptimizer();
    rmSync(scratch, { recursive: true, force: true });
  }
  return reports.join('').split(/\n(?=\{)/);
}
