/**
 * `codira campaign compare RUN_A RUN_B [--statistic mean|median]`: two benchmark run folders side by side; the
 * table is also written to B's folder as `compare-<A>.md`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { emit, type GlobalArgs } from '../context.js';
import { table } from '../render.js';

interface CompareArgs extends GlobalArgs {
  readonly runA: string;
  readonly runB: string;
  readonly statistic?: string;
}

/** The `campaign compare` command. */
export const campaignCompareCommand: CommandModule<GlobalArgs, CompareArgs> = {
  command: 'compare <runA> <runB>',
  describe: 'Compare two benchmark runs (ids or folders): ratio B/A per repo × command × variant with CI and verdict',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .positional('runA', { type: 'string', demandOption: true, describe: 'Reference run id or folder' })
      .positional('runB', { type: 'string', demandOption: true, describe: 'Compared run id or folder' })
      .option('statistic', { type: 'string', describe: 'Statistic compared (default mean)' }) as Argv<CompareArgs>,
  handler: async (args: ArgumentsCamelCase<CompareArgs>) => {
    const { loadRunResult, resolveRunDir } = await import('../../bench/artifacts.js');
    const { compareRuns, comparisonCounts, comparisonRows, renderComparison } = await import('../../bench/compare.js');
    const { writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { STATISTIC_NAMES } = await import('../../bench/statistics/registry.js');
    const { UsageError } = await import('../../core/errors.js');
    const statistic = args.statistic ?? 'mean';
    if (!STATISTIC_NAMES.includes(statistic)) {
      throw new UsageError(`--statistic must be one of ${STATISTIC_NAMES.join(', ')}, got '${statistic}'`);
    }
    const a = loadRunResult(resolveRunDir(String(args.runA)));
    const dirB = resolveRunDir(String(args.runB));
    const b = loadRunResult(dirB);
    const report = compareRuns(a, b, statistic);
    await writeFile(join(dirB, `compare-${a.runId}.md`), renderComparison(report));
    emit(
      args,
      report,
      (r) => `B = ${r.b.runId} against A = ${r.a.runId}\n${table(comparisonRows(r))}\n${comparisonCounts(r)}`,
    );
  },
};
