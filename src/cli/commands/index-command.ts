/**
 * `codira index [--full] [--explain] [--workers N] [--max-file-bytes N]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { isolationFromEnv, startIndexHost } from '../analysis-prestart.js';
import {
  chooseBackend,
  emit,
  nonNegativeInt,
  processExitsAfterCommand,
  resolveLocation,
  type GlobalArgs,
} from '../context.js';
import { table } from '../render.js';
import { holdOptimizer, releaseOptimizer, releaseOptimizerFor } from '../optimizer-hold.js';
import { prepareStateDir } from '../state-dir.js';
import { DEFAULT_LIMITS, type AnalysisLimits } from '../../core/analysis-protocol.js';
import type { HostKind, PrestartedAnalysis } from '../../core/analysis-spawn.js';
import type { IndexReport } from '../../core/indexer.js';
import { UsageError } from '../../core/errors.js';
import { escapeControl } from '../../core/text.js';

interface IndexArgs extends GlobalArgs {
  readonly full?: boolean;
  readonly explain?: boolean;
  readonly workers?: number;
  readonly 'max-file-bytes'?: number;
}

function megabytes(bytes: number | null): string {
  return bytes === null ? '' : `, ${(bytes / 1048576).toFixed(2)} MB`;
}

/** A run's report; the path sets are optional (JSON carries them only with --explain). */
type IndexSummary = Omit<IndexReport, 'paths'> & Partial<Pick<IndexReport, 'paths'>>;

/**
 * Text of an index run's report.
 *
 * @param report - The run's report.
 * @param explain - Add the reason and the changed and deleted paths.
 * @returns The text.
 */
export function renderIndexReport(report: IndexSummary, explain: boolean): string {
  const lines = [
    `index (${report.mode}, ${report.backend}): ${report.indexed} indexed, ${report.reused} reused, ` +
      `${report.deleted} deleted, ${report.failed.length} failed  [${(report.elapsedMs / 1000).toFixed(2)} s${megabytes(report.sizeBytes)}]`,
  ];
  const notes = [
    ...report.failed.map((f) => ['  failed', f.path, f.reason]),
    ...report.skipped.map((s) => ['  skipped', s.path, s.reason]),
  ];
  if (notes.length > 0) lines.push(table(notes));
  if (explain && report.paths) {
    lines.push(`reason: ${report.reason}`);
    for (const [label, paths] of [
      ['changed', report.paths.changed],
      ['deleted', report.paths.deleted],
    ] as const) {
      for (const path of paths) lines.push(`  ${label}  ${escapeControl(path)}`);
    }
    lines.push(`  reused  ${report.paths.reused.length} files`);
  }
  return lines.join('\n');
}

/**
 * A non-negative integer from the environment, or `undefined` when the variable is unset or empty.
 *
 * @param name - Variable name.
 * @returns The value.
 */
function intFromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`$${name} must be a non-negative integer, got '${text}'`);
  }
  return Number(text);
}

/**
 * Per-file budgets of isolated analysis, from `$CODIRA_FILE_TIMEOUT_MS` and `$CODIRA_FILE_MEMORY_MB`.
 *
 * @param defaults - The defaults of core.
 * @returns The budgets.
 */
function limitsFromEnv(defaults: AnalysisLimits): AnalysisLimits {
  return {
    fileTimeoutMs: intFromEnv('CODIRA_FILE_TIMEOUT_MS') ?? defaults.fileTimeoutMs,
    memoryMb: intFromEnv('CODIRA_FILE_MEMORY_MB') ?? defaults.memoryMb,
  };
}

/**
 * One index run of the repository the options name: what `codira index` and the MCP server's refreshes run.
 *
 * @param args - Global options, `--workers` and `--max-file-bytes`.
 * @param full - Rebuild from scratch.
 * @param onProgress - Optional progress callback.
 * @param beforeWrite - Called once if the run has something to write, before it starts that work, with the bytes it
 *   will analyze.
 * @returns The run's report.
 */
export async function indexRepository(
  args: GlobalArgs & { readonly workers?: number; readonly 'max-file-bytes'?: number },
  full: boolean,
  onProgress?: (done: number, total: number) => void,
  beforeWrite?: (analysisBytes: number) => void,
): Promise<IndexReport> {
  const workers = args.workers !== undefined ? nonNegativeInt('workers', args.workers) : intFromEnv('CODIRA_WORKERS');
  const maxFileBytes =
    args['max-file-bytes'] !== undefined
      ? nonNegativeInt('max-file-bytes', args['max-file-bytes'])
      : intFromEnv('CODIRA_MAX_FILE_BYTES');
  const isolation = isolationFromEnv();
  const location = resolveLocation(args);
  const limits = limitsFromEnv(DEFAULT_LIMITS);
  // Every file is analyzed in isolation. A --full run always analyzes, so the launcher started a host as it began
  // (bin/codira.js); otherwise the indexer starts one as soon as its scan finds a changed file (or its plan has files
  // to analyze), so a run with nothing to do (a warm no-op) never pays for one.
  // The process and thread modules load only for a run that starts a host (not for a warm no-op).
  const spawning = () => import('../../core/analysis-spawn.js');
  const prestarted = full ? ((await spawning()).claimPrestarted() ?? undefined) : undefined;
  if (workers === 0) prestarted?.dispose();
  // A host kept ready for this run (the watch server's, see index-thread.ts) is taken first; the run discards it if
  // it does not fit (another heap budget, a thread where a process is needed).
  const prestart = (preload?: readonly string[], kind?: HostKind): Promise<PrestartedAnalysis> =>
    startIndexHost(limits.memoryMb, isolation === 'process' ? 'process' : (kind ?? 'thread'), preload, true);
  try {
    const [{ runIndex }, { ANALYZER_SET }] = await Promise.all([
      import('../../core/indexer.js'),
      import('../../analyzers/registry.js'),
    ]);
    const backend = await chooseBackend(args);
    prepareStateDir(location, backend.storeFiles(location));
    return await runIndex({
      location,
      backend,
      analyzers: ANALYZER_SET,
      full,
      workers,
      maxFileBytes,
      limits,
      onProgress,
      beforeWrite,
      prestarted: workers === 0 ? undefined : prestarted,
      prestart,
      isolation,
      processExiting: processExitsAfterCommand(),
    });
  } finally {
    prestarted?.dispose();
  }
}

/** The `index` command. */
export const indexCommand: CommandModule<GlobalArgs, IndexArgs> = {
  command: 'index',
  describe: 'Index the repository (incremental unless --full; no-op when nothing changed)',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('full', { type: 'boolean', describe: 'Rebuild the index from scratch' })
      .option('explain', { type: 'boolean', describe: 'Show why this mode was chosen and the changed/deleted paths' })
      .option('workers', {
        type: 'number',
        describe:
          'Isolated analysis processes (default: by file count and cores, or $CODIRA_WORKERS; a small run of ' +
          'ordinary files uses one thread unless $CODIRA_ISOLATION=process; 0 = in this process, without ' +
          'isolation). Budgets per file: $CODIRA_FILE_TIMEOUT_MS (60000), $CODIRA_FILE_MEMORY_MB (2048)',
      })
      .option('max-file-bytes', {
        type: 'number',
        describe: 'Skip (and report) files larger than this (default: 2097152 = 2 MiB, or $CODIRA_MAX_FILE_BYTES)',
      }) as Argv<IndexArgs>,
  handler: async (args: ArgumentsCamelCase<IndexArgs>) => {
    const tty = process.stderr.isTTY === true && !args.json;
    // Loaded only for a terminal: a scripted run (and every warm no-op measured) never draws a progress line.
    const progress = tty
      ? new (await import('../index-progress.js')).IndexProgress((text) => process.stderr.write(text))
      : null;
    let report;
    // Until the run knows it has work, it only checks, without TurboFan; a run with little to analyze then tiers late
    // (see optimizer-hold.ts).
    holdOptimizer();
    try {
      report = await indexRepository(
        args,
        args.full ?? false,
        progress ? (done, total) => progress.files(done, total) : undefined,
        releaseOptimizerFor,
      );
    } finally {
      releaseOptimizer();
      progress?.finish();
    }
    // The path sets can list every file of the repository: JSON carries them only with --explain.
    const { paths: _paths, ...summary } = report;
    emit(args, args.explain ? report : summary, () => renderIndexReport(report, args.explain ?? false));
  },
};
