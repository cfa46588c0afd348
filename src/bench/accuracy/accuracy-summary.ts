/**
 * The accuracy section of `summary.md`: precision and recall per repository, language and call kind.
 *
 * @packageDocumentation
 */
import { markdownTable } from '../export/markdown-table.js';
import type { RunResult } from '../result.js';
import type { AccuracyCounts } from './accuracy-compare.js';
import { CALL_KINDS } from './oracle-site.js';

function cell(c: AccuracyCounts): string {
  const recall = c.recall === null ? '—' : `${c.recall.toFixed(1)} % (${c.found}/${c.expected})`;
  const precision = c.precision === null ? '—' : `${c.precision.toFixed(1)} % (${c.correct}/${c.judged})`;
  return `${recall} · ${precision}`;
}

/**
 * Markdown lines of the accuracy section, or none when the run measured no accuracy.
 *
 * @param result - The run.
 * @returns Lines to append to the summary.
 */
export function accuracySection(result: RunResult): string[] {
  const rows: string[][] = [];
  for (const repo of result.repositories) {
    for (const record of repo.accuracy ?? []) {
      if (record.state === 'errored') {
        rows.push([repo.label, record.language ?? '—', 'error', record.error, ...CALL_KINDS.map(() => '')]);
        continue;
      }
      const { score } = record;
      const scope = record.sample === null ? `all ${score.sites}` : `${score.sites} sampled (seed ${record.seed})`;
      rows.push([
        repo.label,
        record.language,
        `${record.oracle}; ${scope}, ${score.unknownSites} untyped`,
        cell(score.overall),
        ...CALL_KINDS.map((kind) => cell(score.byKind[kind])),
      ]);
    }
  }
  if (rows.length === 0) return [];
  return [
    '## Call-graph accuracy',
    '',
    'Each cell: recall (sites found / sites the oracle resolves into the corpus) · precision (right edges / edges ' +
      'judged). Sites the oracle cannot type are not judged.',
    '',
    markdownTable(['repo', 'language', 'oracle', 'overall', ...CALL_KINDS], rows),
  ];
}
