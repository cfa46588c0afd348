/**
 * The phase breakdown of `summary.md`: per repository × command, the mean time of every phase per variant and the
 * difference between the variants each ratio compares, so "DuckDB sym is +90 ms" reads as "+70 ms load backend,
 * +15 ms open index, +5 ms query".
 *
 * @packageDocumentation
 */
import { comparisonsOf } from '../comparisons.js';
import type { CompletedMeasurement, RunResult } from '../result.js';
import { markdownTable } from './markdown-table.js';

/**
 * Phases of the completed measurements of one repository × command, by variant.
 *
 * @param result - The run.
 * @param repo - Repository label.
 * @param command - Command.
 * @returns Timeline phase names in first-seen order, phases beside it (worker threads), and the mean ms per variant
 *   and phase.
 */
export function phasesOf(
  result: RunResult,
  repo: string,
  command: string,
): { names: string[]; parallel: string[]; byVariant: Map<string, Map<string, number>> } {
  const names: string[] = [];
  const parallel: string[] = [];
  const byVariant = new Map<string, Map<string, number>>();
  const measurements = result.repositories.find((r) => r.label === repo)?.measurements ?? [];
  for (const m of measurements) {
    if (m.command !== command || m.state !== 'completed' || !(m as CompletedMeasurement).phases) continue;
    const phases = new Map<string, number>();
    for (const p of (m as CompletedMeasurement).phases!) {
      const list = p.parallel ? parallel : names;
      if (!list.includes(p.name)) list.push(p.name);
      phases.set(p.name, p.meanMs);
    }
    byVariant.set(m.variant, phases);
  }
  return { names, parallel, byVariant };
}

function signed(ms: number): string {
  return `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)}`;
}

/**
 * The `## Phases` section (empty when no measurement recorded phases).
 *
 * @param result - The run.
 * @returns Markdown lines.
 */
export function phaseSection(result: RunResult): string[] {
  const out: string[] = [];
  const comparisons = comparisonsOf(result.variants);
  for (const repo of result.repositories) {
    for (const command of result.campaign.commands) {
      const { names, parallel, byVariant } = phasesOf(result, repo.label, command);
      if (names.length === 0) continue;
      const variants = result.variants.filter((v) => byVariant.has(v.id)).map((v) => v.id);
      const deltas = comparisons.filter((c) => byVariant.has(c.numerator) && byVariant.has(c.denominator));
      const cell = (variant: string, name: string): number => byVariant.get(variant)?.get(name) ?? 0;
      const rows = [...names, 'total', ...parallel].map((name) => {
        const value = (v: string): number =>
          name === 'total' ? names.reduce((sum, n) => sum + cell(v, n), 0) : cell(v, name);
        return [
          parallel.includes(name) ? `${name} (in parallel)` : name,
          ...variants.map((v) => value(v).toFixed(1)),
          ...deltas.map((c) => signed(value(c.numerator) - value(c.denominator))),
        ];
      });
      out.push(
        `### ${repo.label} · ${command}`,
        '',
        markdownTable(
          ['phase', ...variants.map((v) => `${v} ms`), ...deltas.map((c) => `${c.numerator} − ${c.denominator}`)],
          rows,
          ['left', ...variants.map(() => 'right' as const), ...deltas.map(() => 'right' as const)],
        ),
      );
    }
  }
  if (out.length === 0) return [];
  return [
    '## Phases',
    '',
    'Mean time per phase of the measured samples (`CODIRA_PHASES`, see `src/core/phases.ts`), from process start ' +
      '(`node start`: until the first line of `bin/codira.js`) to exit; the last columns are the differences the ' +
      "ratios above compare. Rows `(in parallel)` after the total are worker threads' busy time, which overlaps " +
      '`analyze`. `phases.svg` draws the timeline phases as stacked bars.',
    '',
    ...out,
  ];
}
