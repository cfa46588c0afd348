/**
 * `codira index [--full] [--explain] [--workers N]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { chooseBackend, emit, nonNegativeInt, resolveLocation, type GlobalArgs } from '../context.js';
import { table } from '../render.js';
import type { IndexReport } from '../../core/indexer.js';
import { IndexProgress } from '../index-progress.js';

interface IndexArgs extends GlobalArgs {
  readonly full?: boolean;
  readonly explain?: boolean;
  readonly workers?: number;
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
  if (report.failed.length > 0) lines.push(table(report.failed.map((f) => ['  failed', f.path, f.reason])));
  if (explain && report.paths) {
    lines.push(`reason: ${report.reason}`);
    for (const [label, paths] of [
      ['changed', report.paths.changed],
      ['deleted', report.paths.deleted],
    ] as const) {
      for (const path of paths) lines.push(`  ${label}  ${path}`);
    }
    lines.push(`  reused  ${report.paths.reused.length} files`);
  }
  return lines.join('\n');
}

/**
 * One index run of the repository the options name: what `codira index` and the MCP server's refreshes run.
 *
 * @param args - Global options and `--workers`.
 * @param full - Rebuild from scratch.
 * @param onProgress - Optional progress callback.
 * @returns The run's report.
 */
export async function indexRepository(
  args: GlobalArgs & { readonly workers?: number },
  full: boolean,
  onProgress?: (done: number, total: number) => void,
): Promise<IndexReport> {
  const [{ runIndex }, { ANALYZER_SET }] = await Promise.all([
    import('../../core/indexer.js'),
    import('../../analyzers/registry.js'),
  ]);
  const envWorkers = process.env['CODIRA_WORKERS'];
  const workers =
    args.workers !== undefined
      ? nonNegativeInt('workers', args.workers)
      : envWorkers
        ? nonNegativeInt('workers', Number(envWorkers))
        : undefined;
  return runIndex({
    location: resolveLocation(args),
    backend: await chooseBackend(args),
    analyzers: ANALYZER_SET,
    full,
    workers,
    onProgress,
  });
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
        describe: 'Analysis worker threads (0 = main thread; default: by file count and cores, or $CODIRA_WORKERS)',
      }) as Argv<IndexArgs>,
  handler: async (args: ArgumentsCamelCase<IndexArgs>) => {
    const tty = process.stderr.isTTY === true && !args.json;
    const progress = tty ? new IndexProgress((text) => process.stderr.write(text)) : null;
    let report;
    try {
      report = await indexRepository(
        args,
        args.full ?? false,
        progress ? (done, total) => progress.files(done, total) : undefined,
      );
    } finally {
      progress?.finish();
    }
    // The path sets can list every file of the repository: JSON carries them only with --explain.
    const { paths: _paths, ...summary } = report;
    emit(args, args.explain ? report : summary, () => renderIndexReport(report, args.explain ?? false));
  },
};
