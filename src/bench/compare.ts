/**
 * `campaign compare`: two run folders (two branches, two machines, two days) side by side. Per repository ×
 * command × variant present in both: the ratio B/A of the statistic with a bootstrap 95 % interval (each run
 * resampled on its own: samples of different runs are not paired), a two-sided Mann–Whitney U test, Holm-corrected
 * across every compared cell, and a verdict. First-round samples only: confirmation rounds were selected for
 * looking bad and would bias the comparison.
 *
 * @packageDocumentation
 */
import { markdownTable } from './export/markdown-table.js';
import { formatMs, formatRatio } from './format.js';
import type { RunResult } from './result.js';
import { bootstrapRatio } from './statistics/bootstrap.js';
import { holmAdjust } from './statistics/holm.js';
import { mannWhitneyGreater } from './statistics/mann-whitney.js';
import { statisticNamed } from './statistics/registry.js';

/** Family-wise error rate of a comparison. */
const ALPHA = 0.05;

/** One compared cell. */
export interface ComparisonRow {
  readonly repo: string;
  readonly command: string;
  readonly variant: string;
  /** Statistic of run A / run B in milliseconds (`null` when not completed there). */
  readonly a: number | null;
  readonly b: number | null;
  /** `b / a`. */
  readonly ratio: number | null;
  /** Bootstrap 95 % interval of the ratio. */
  readonly ci95: { readonly low: number; readonly high: number } | null;
  /** Two-sided Mann–Whitney p-value, and after Holm over every compared cell. */
  readonly p: number | null;
  readonly holmP: number | null;
  /** `slower`/`faster`: significant after Holm with the interval excluding 1; `same`: not; `missing`: not comparable. */
  readonly verdict: 'slower' | 'faster' | 'same' | 'missing';
}

/** A whole comparison. */
export interface ComparisonReport {
  readonly a: { readonly runId: string; readonly commit: string | null };
  readonly b: { readonly runId: string; readonly commit: string | null };
  readonly statistic: string;
  readonly rows: readonly ComparisonRow[];
}

function completedSamples(run: RunResult, repo: string, command: string, variant: string): readonly number[] | null {
  const m = run.repositories
    .find((r) => r.label === repo)
    ?.measurements.find((x) => x.command === command && x.variant === variant);
  return m?.state === 'completed' ? m.samplesMs : null;
}

/**
 * Compare two runs.
 *
 * @param a - The earlier or reference run.
 * @param b - The run compared with it.
 * @param statisticName - A registered statistic (default `mean`).
 * @returns One row per repository × command × variant of run A.
 */
export function compareRuns(a: RunResult, b: RunResult, statisticName = 'mean'): ComparisonReport {
  const stat = statisticNamed(statisticName);
  const partial = a.repositories.flatMap((repo) =>
    repo.measurements.map((m) => {
      const sa = completedSamples(a, repo.label, m.command, m.variant);
      const sb = completedSamples(b, repo.label, m.command, m.variant);
      const head = { repo: repo.label, command: m.command, variant: m.variant };
      if (!sa || !sb) {
        const none = { ci95: null, p: null, holmP: null, verdict: 'missing' as const, ratio: null };
        return { ...head, ...none, a: sa && stat.of(sa), b: sb && stat.of(sb) };
      }
      const va = stat.of(sa);
      const vb = stat.of(sb);
      const boot = bootstrapRatio(sb, sa, stat, (x) => x, 2000, false);
      const pGreater = mannWhitneyGreater(sb, sa).pValue;
      const pLess = mannWhitneyGreater(sa, sb).pValue;
      const p = Math.min(1, 2 * Math.min(pGreater, pLess));
      return { ...head, a: va, b: vb, ratio: va > 0 ? vb / va : null, ci95: { low: boot.low, high: boot.high }, p };
    }),
  );
  const tested = partial.flatMap((row, i) => (row.p !== null ? [i] : []));
  const adjusted = holmAdjust(tested.map((i) => partial[i]!.p!));
  const rows = partial.map((row, i): ComparisonRow => {
    if (row.p === null || row.ci95 === null) return { ...row, holmP: null, verdict: 'missing' };
    const holmP = adjusted[tested.indexOf(i)]!;
    const significant = holmP <= ALPHA;
    const verdict = significant && row.ci95.low > 1 ? 'slower' : significant && row.ci95.high < 1 ? 'faster' : 'same';
    return { ...row, holmP, verdict };
  });
  return {
    a: { runId: a.runId, commit: a.environment.commit },
    b: { runId: b.runId, commit: b.environment.commit },
    statistic: stat.name,
    rows,
  };
}

function pText(p: number | null): string {
  return p === null ? '—' : p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/**
 * The comparison as rows of text cells, header first.
 *
 * @param report - The comparison.
 * @returns Rows for a terminal table or Markdown.
 */
export function comparisonRows(report: ComparisonReport): string[][] {
  const header = [
    'repo',
    'command',
    'variant',
    `A ${report.statistic}`,
    `B ${report.statistic}`,
    'B/A',
    '95 % CI',
    'Holm p',
    'verdict',
  ];
  return [
    header,
    ...report.rows.map((r) => [
      r.repo,
      r.command,
      r.variant,
      r.a === null ? '—' : formatMs(r.a),
      r.b === null ? '—' : formatMs(r.b),
      r.ratio === null ? '—' : formatRatio(r.ratio),
      r.ci95 === null ? '—' : `${formatRatio(r.ci95.low)}–${formatRatio(r.ci95.high)}`,
      pText(r.holmP),
      r.verdict,
    ]),
  ];
}

/**
 * How many rows got each verdict.
 *
 * @param report - The comparison.
 * @returns e.g. `2 slower, 0 faster, 30 same, 0 missing`.
 */
export function comparisonCounts(report: ComparisonReport): string {
  return (['slower', 'faster', 'same', 'missing'] as const)
    .map((v) => `${report.rows.filter((r) => r.verdict === v).length} ${v}`)
    .join(', ');
}

/**
 * The comparison as Markdown.
 *
 * @param report - The comparison.
 * @returns Markdown text.
 */
export function renderComparison(report: ComparisonReport): string {
  const [header, ...rows] = comparisonRows(report);
  return [
    `# ${report.b.runId} (B) against ${report.a.runId} (A)`,
    '',
    `Commits: A ${report.a.commit?.slice(0, 12) ?? 'unknown'}, B ${report.b.commit?.slice(0, 12) ?? 'unknown'}. ` +
      'Ratio B/A with a bootstrap 95 % interval; two-sided Mann–Whitney U, Holm-corrected over every row.',
    '',
    markdownTable(header!, rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left']),
    comparisonCounts(report),
    '',
  ].join('\n');
}
