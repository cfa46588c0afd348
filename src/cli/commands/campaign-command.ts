/**
 * `codira campaign run <name> [--runs N] [--warmups N] [--repos a,b] [--baseline REF] [--keep-work] [--profile]`, and the
 * registration of the other `campaign` actions.
 *
 * @packageDocumentation
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { CodiraError, EXIT_FAILURE, UsageError } from '../../core/errors.js';
import { emit, nonNegativeInt, type GlobalArgs } from '../context.js';
import { campaignCompareCommand } from './campaign-compare-command.js';
import { campaignHistoryCommand } from './campaign-history-command.js';

interface CampaignRunArgs extends GlobalArgs {
  readonly name: string;
  readonly runs?: number;
  readonly warmups?: number;
  readonly repos?: string;
  readonly baseline?: string;
  readonly 'keep-work'?: boolean;
  readonly gates?: string;
  readonly 'confirm-runs'?: number;
  readonly 'confirm-max-runs'?: number;
  readonly profile?: boolean;
}

/**
 * Split a comma-separated option.
 *
 * @param value - Option text, e.g. `self,rxjs`.
 * @returns The non-empty items, or `undefined` when the option is absent.
 */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new UsageError(`--repos needs at least one label, got '${value}'`);
  return items;
}

/**
 * Progress printer: on a terminal, rewrite one status line on stderr; otherwise stay silent (CI logs, pipes).
 *
 * @returns A progress callback, or `undefined` when stderr is not a TTY.
 */
export function ttyProgress(): ((message: string) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  const width = Math.max(20, (process.stderr.columns ?? 100) - 1);
  return (message) => process.stderr.write(`\r\x1b[K${message.slice(0, width)}`);
}

const runCommand: CommandModule<GlobalArgs, CampaignRunArgs> = {
  command: 'run <name>',
  describe: 'Run a campaign (a name in campaigns/ or a path) and write .artifacts/benchmarks/<run-id>/',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .positional('name', { type: 'string', demandOption: true, describe: 'Campaign name (e.g. short) or file' })
      .option('runs', { type: 'number', describe: 'Measured runs per command and variant (overrides the files)' })
      .option('warmups', { type: 'number', describe: 'Warm-up runs per command and variant (overrides the files)' })
      .option('repos', { type: 'string', describe: 'Only these repository labels, comma-separated' })
      .option('baseline', {
        type: 'string',
        describe: 'Git ref to build in a worktree and measure on every backend (baseline-<backend>; regression gate)',
      })
      .option('keep-work', {
        type: 'boolean',
        describe: 'Keep the scratch corpus copies and indexes',
      })
      .option('gates', {
        type: 'string',
        describe:
          'Gate file whose time cells not clearly within budget are confirmed by a second round (default gates/<campaign>.json)',
      })
      .option('profile', {
        type: 'boolean',
        describe: 'After the timed runs, profile one more run per command × variant (profile.md, flame graphs)',
      })
      .option('confirm-runs', {
        type: 'number',
        describe: 'Runs of the confirmation round of a cell not clearly within budget (default 12; 0: no confirmation)',
      })
      .option('confirm-max-runs', {
        type: 'number',
        describe:
          'Confirmation runs a cell may get in all: more batches while its verdict is open (default 4 × --confirm-runs)',
      }) as Argv<CampaignRunArgs>,
  handler: async (args: ArgumentsCamelCase<CampaignRunArgs>) => {
    const { loadCampaign } = await import('../../bench/campaign.js');
    const { BACKEND_NAMES, loadBackend } = await import('../../backends/registry.js');
    const { analyzerInventory } = await import('../../analyzers/registry.js');
    const { PROJECT_ROOT } = await import('../../bench/corpus.js');
    const { BENCHMARKS_DIR } = await import('../../bench/artifacts.js');
    const { runCampaign } = await import('../../bench/runner.js');
    const { ProcessMeasurer } = await import('../../bench/process-measurer.js');
    const { prepareBaseline } = await import('../../bench/baseline.js');
    const { runMicroBenchmarks } = await import('../../bench/micro.js');
    const { snapshotBuild } = await import('../../bench/workspace.js');
    const { renderSummary } = await import('../../bench/export/markdown-exporter.js');
    const { confirmOptions, slowdownEnv } = await import('../../bench/run/cli-options.js');

    const campaign = loadCampaign(String(args.name), BACKEND_NAMES);
    const runs = args.runs === undefined ? undefined : nonNegativeInt('runs', args.runs);
    if (runs === 0) throw new UsageError('--runs must be at least 1');
    const warmups = args.warmups === undefined ? undefined : nonNegativeInt('warmups', args.warmups);
    const repos = splitList(args.repos);
    const confirmRuns =
      args['confirm-runs'] === undefined ? undefined : nonNegativeInt('confirm-runs', args['confirm-runs']);
    const confirmMax =
      args['confirm-max-runs'] === undefined ? undefined : nonNegativeInt('confirm-max-runs', args['confirm-max-runs']);
    const confirm = confirmOptions(campaign.name, args.gates, confirmRuns, confirmMax);
    const variantEnv = slowdownEnv(process.env['CODIRA_BENCH_SLOWDOWN']);
    const progress = ttyProgress();
    const backends = await Promise.all(
      campaign.backends.map(async (name) => {
        try {
          return { name, version: (await loadBackend(name)).version };
        } catch (error) {
          return { name, version: `unavailable (${(error as Error).message})` };
        }
      }),
    );
    const analyzers = analyzerInventory().map(({ name, version }) => ({ name, version }));
    const baseline = args.baseline ? await prepareBaseline(args.baseline, progress ?? (() => undefined)) : null;
    const workRoot = join(PROJECT_ROOT, '.artifacts', 'bench-work');
    const buildCopy = join(workRoot, `build-${process.pid}`);
    const currentBin = await snapshotBuild(PROJECT_ROOT, buildCopy);
    const measurer = new ProcessMeasurer();
    let outcome;
    try {
      outcome = await runCampaign({
        campaign,
        measurer,
        versions: { backends, analyzers },
        projectRoot: PROJECT_ROOT,
        currentBin,
        artifactsRoot: BENCHMARKS_DIR,
        workRoot,
        baseline,
        runs,
        warmups,
        repos,
        micro: () => runMicroBenchmarks(),
        accuracy: async (tree, graph) =>
          (await import('../../bench/accuracy/accuracy-measure.js')).accuracyOfExport(tree, graph),
        onProgress: progress,
        keepWork: args['keep-work'] ?? false,
        confirm,
        variantEnv,
        profile: args.profile ?? false,
      });
    } finally {
      await measurer.close();
      await rm(buildCopy, { recursive: true, force: true });
      if (progress) process.stderr.write('\r\x1b[K');
    }
    const { result, dir } = outcome;
    const { HISTORY_DB } = await import('../../bench/artifacts.js');
    const { recordRun } = await import('../../bench/history.js');
    try {
      await recordRun(HISTORY_DB, result);
    } catch (error) {
      // The artifacts are written; a locked or unreadable history must not turn a measured run into a failure.
      process.stderr.write(`codira: warning: run history not updated: ${(error as Error).message.split('\n')[0]}\n`);
    }
    const errored = result.repositories.flatMap((repo) =>
      repo.measurements
        .filter((m) => m.state === 'errored' && m.build === 'current')
        .map((m) => ({
          repo: repo.label,
          command: m.command,
          variant: m.variant,
          error: m.state === 'errored' ? m.error : '',
        })),
    );
    emit(
      args,
      { runId: result.runId, dir, status: result.status, wallMs: result.wallMs, errored },
      () => `${renderSummary(result)}\nartifacts: ${dir}`,
    );
    if (errored.length > 0) {
      throw new CodiraError(
        'BENCH_ERRORS',
        `${errored.length} measurement${errored.length > 1 ? 's' : ''} of the current build errored; see ${join(dir, 'summary.md')}`,
        EXIT_FAILURE,
      );
    }
  },
};

/** The `campaign` command group. */
export const campaignCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'campaign',
  describe: 'Benchmark campaigns: paired SQLite/DuckDB runs over real corpora',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .command(runCommand)
      .command(campaignCompareCommand)
      .command(campaignHistoryCommand)
      .demandCommand(1, 'name an action: run, compare, history'),
  handler: () => undefined,
};
