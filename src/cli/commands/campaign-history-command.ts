/**
 * `codira campaign history [--repo R] [--command C]`: the trend of every repository × command × variant over the
 * run history (`.artifacts/history.duckdb`, backfilled from the run folders), with step changes flagged, and one
 * trend chart per series under `.artifacts/history/`.
 *
 * @packageDocumentation
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { emit, type GlobalArgs } from '../context.js';
import { table } from '../render.js';

interface HistoryArgs extends GlobalArgs {
  readonly repo?: string;
  readonly command?: string;
}

/** The `campaign history` command. */
export const campaignHistoryCommand: CommandModule<GlobalArgs, HistoryArgs> = {
  command: 'history',
  describe: 'Trend table and charts of every recorded benchmark run, flagging step changes',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('repo', { type: 'string', describe: 'Only this repository label' })
      .option('command', { type: 'string', describe: 'Only this benchmark command (e.g. sym)' }) as Argv<HistoryArgs>,
  handler: async (args: ArgumentsCamelCase<HistoryArgs>) => {
    const { BENCHMARKS_DIR, HISTORY_DB, HISTORY_CHARTS_DIR } = await import('../../bench/artifacts.js');
    const { readTrend, syncHistory } = await import('../../bench/history.js');
    const { renderTrendChart, trendSeries } = await import('../../bench/export/trend-chart.js');
    const { formatMs, formatRatio } = await import('../../bench/format.js');
    const { UsageError } = await import('../../core/errors.js');
    const added = await syncHistory(HISTORY_DB, BENCHMARKS_DIR);
    const points = await readTrend(HISTORY_DB, { repo: args.repo, command: args.command });
    if (points.length === 0) {
      throw new UsageError(
        `no completed runs in the history${args.repo || args.command ? ' for this filter' : ''}; run \`codira campaign run short\` first`,
      );
    }
    await mkdir(HISTORY_CHARTS_DIR, { recursive: true });
    const charts: string[] = [];
    for (const series of trendSeries(points)) {
      const file = join(HISTORY_CHARTS_DIR, `${series.key.replace(/[^A-Za-z0-9._-]+/g, '_')}.svg`);
      await writeFile(file, renderTrendChart(series.points));
      charts.push(file);
    }
    const steps = points.filter((p) => p.flag !== null);
    emit(args, { added, points, charts, steps }, () => {
      const rows = points.map((p) => [
        p.repo,
        p.command,
        p.variant,
        p.runId,
        `${p.commit?.slice(0, 8) ?? '?'}${p.dirty ? '+' : ''}`,
        formatMs(p.meanMs),
        p.vsPrior === null ? '—' : formatRatio(p.vsPrior),
        p.flag ?? '',
      ]);
      return [
        table([['repo', 'command', 'variant', 'run', 'commit', 'mean', 'vs prior', 'flag'], ...rows]),
        `${points.length} points, ${steps.length} step change${steps.length === 1 ? '' : 's'}; ${charts.length} charts in ${HISTORY_CHARTS_DIR}`,
      ].join('\n');
    });
  },
};
