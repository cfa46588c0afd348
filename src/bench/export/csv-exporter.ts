/**
 * `samples.csv`: one row per measured sample (csv-stringify), for spreadsheets and ad-hoc analysis.
 *
 * @packageDocumentation
 */
import { stringify } from 'csv-stringify/sync';
import type { RunResult } from '../result.js';
import type { Exporter } from './exporter.js';

/** Column names of `samples.csv`; times in milliseconds, memory in KiB. */
export const CSV_COLUMNS = Object.freeze([
  'run_id',
  'repo',
  'size',
  'command',
  'variant',
  'backend',
  'build',
  'state',
  'sample',
  'wall_ms',
  'peak_rss_kb',
  'cpu_ms',
] as const);

type Cell = string | number;

function rows(result: RunResult): Cell[][] {
  const out: Cell[][] = [];
  for (const repo of result.repositories) {
    for (const m of repo.measurements) {
      const lead: Cell[] = [result.runId, repo.label, repo.size, m.command, m.variant, m.backend, m.build, m.state];
      const samples = m.state === 'skipped' ? [] : m.samplesMs;
      const rss = m.state === 'completed' ? m.peakRssKb : [];
      const cpu = m.state === 'completed' ? (m.cpuSamplesMs ?? []) : [];
      if (samples.length === 0) out.push([...lead, '', '', '', '']);
      samples.forEach((ms, i) => out.push([...lead, i + 1, ms.toFixed(3), rss[i] ?? '', cpu[i]?.toFixed(3) ?? '']));
    }
  }
  return out;
}

/** Writes `samples.csv`. */
export const csvExporter: Exporter = Object.freeze({
  fileName: 'samples.csv',
  render: (result: RunResult): string => stringify([[...CSV_COLUMNS], ...rows(result)]),
});
