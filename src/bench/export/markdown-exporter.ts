/**
 * `summary.md`: the run at a glance — environment, mean wall time per repository, command and variant with the
 * ratios the gates judge, index sizes, and the query targets.
 *
 * @packageDocumentation
 */
import { accuracySection } from '../accuracy/accuracy-summary.js';
import { comparisonsOf } from '../comparisons.js';
import { cpuMedianOf } from '../floors.js';
import { formatBytes, formatDuration, formatMs, formatRatio } from '../format.js';
import { findMeasurement, type Measurement, type RepoResult, type RunResult } from '../result.js';
import type { Exporter } from './exporter.js';
import { floorSection } from './floor-table.js';
import { markdownTable, type Align } from './markdown-table.js';
import { phaseSection } from './phase-table.js';

function meanCell(m: Measurement | undefined): string {
  if (!m) return '—';
  if (m.state === 'skipped') return 'skipped';
  if (m.state === 'errored') return 'error';
  const ci = m.stats.ci95 ? ` ±${((m.stats.ci95.high - m.stats.ci95.low) / 2).toFixed(1)}` : '';
  return `${m.stats.mean.toFixed(1)}${ci}`;
}

function ratioCell(num: Measurement | undefined, den: Measurement | undefined): string {
  if (num?.state !== 'completed' || den?.state !== 'completed' || den.stats.mean === 0) return '—';
  return formatRatio(num.stats.mean / den.stats.mean);
}

function timeTable(result: RunResult): string {
  const variants = result.variants;
  const comparisons = comparisonsOf(variants);
  const header = ['repo', 'command', ...variants.map((v) => `${v.id} mean ms`), ...comparisons.map((c) => c.label)];
  const align: Align[] = ['left', 'left', ...header.slice(2).map((): Align => 'right')];
  const rows: string[][] = [];
  for (const repo of result.repositories) {
    for (const command of result.campaign.commands) {
      const cells = variants.map((v) => findMeasurement(repo, command, v.id));
      if (cells.every((m) => m === undefined)) continue;
      rows.push([
        repo.label,
        command,
        ...cells.map(meanCell),
        ...comparisons.map((c) =>
          ratioCell(findMeasurement(repo, command, c.numerator), findMeasurement(repo, command, c.denominator)),
        ),
      ]);
    }
  }
  return markdownTable(header, rows, align);
}

/**
 * Median CPU time per repository, command and variant, with the comparisons' ratios of medians.
 *
 * @param result - The run.
 * @returns The table, or `null` when no row has CPU times.
 */
function cpuTable(result: RunResult): string | null {
  const variants = result.variants;
  const comparisons = comparisonsOf(variants);
  const header = ['repo', 'command', ...variants.map((v) => `${v.id} CPU ms`), ...comparisons.map((c) => c.label)];
  const rows: string[][] = [];
  for (const repo of result.repositories) {
    for (const command of result.campaign.commands) {
      const cells = variants.map((v) => cpuMedianOf(findMeasurement(repo, command, v.id)));
      if (cells.every((ms) => ms === null)) continue;
      rows.push([
        repo.label,
        command,
        ...cells.map((ms) => (ms === null ? '—' : ms.toFixed(1))),
        ...comparisons.map((c) => {
          const num = cpuMedianOf(findMeasurement(repo, command, c.numerator));
          const den = cpuMedianOf(findMeasurement(repo, command, c.denominator));
          return num === null || den === null || den <= 0 ? '—' : formatRatio(num / den);
        }),
      ]);
    }
  }
  if (rows.length === 0) return null;
  return markdownTable(header, rows, ['left', 'left', ...header.slice(2).map((): Align => 'right')]);
}

function cpuSection(result: RunResult): string[] {
  const table = cpuTable(result);
  if (table === null) return [];
  return [
    '## CPU time',
    '',
    'Median CPU time (user + sys) of the measured runs in milliseconds, of each `codira` process and the analysis ' +
      'processes it waited for (`' +
      (result.environment.cpuTime ?? 'unavailable') +
      '`: a bash wrapper’s `times`, 1 ms resolution); gates with `"clock": "cpu"` judge these. Unlike wall time, CPU ' +
      'time does not include waiting for a core, so it scatters far less with the machine’s load.',
    '',
    table,
  ];
}

function serverTable(result: RunResult): string | null {
  const rows: string[][] = [];
  for (const repo of result.repositories) {
    for (const m of repo.measurements) {
      if (m.state !== 'completed' || !m.percentiles) continue;
      const { p50, p95, p99 } = m.percentiles;
      rows.push([
        repo.label,
        m.command,
        m.variant,
        String(m.stats.n),
        ...[m.stats.mean, p50, p95, p99].map((v) => v.toFixed(2)),
        p50 > 0 ? `×${(p99 / p50).toFixed(1)}` : '—',
      ]);
    }
  }
  if (rows.length === 0) return null;
  const header = ['repo', 'command', 'variant', 'requests', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'p99 / p50'];
  return markdownTable(header, rows, ['left', 'left', 'left', ...header.slice(3).map((): Align => 'right')]);
}

function sizeTable(result: RunResult): string {
  const comparisons = comparisonsOf(result.variants);
  const ids = result.variants.map((v) => v.id);
  const header = ['repo', ...ids, ...comparisons.map((c) => c.label)];
  const bytesOf = (repo: RepoResult, id: string): number | undefined =>
    repo.sizes.find((s) => s.variant === id)?.stateDirBytes;
  const rows = result.repositories.map((repo) => [
    repo.label,
    ...ids.map((id) => {
      const bytes = bytesOf(repo, id);
      return bytes === undefined ? '—' : formatBytes(bytes);
    }),
    ...comparisons.map((c) => {
      const num = bytesOf(repo, c.numerator);
      const den = bytesOf(repo, c.denominator);
      return num === undefined || den === undefined || den === 0 ? '—' : formatRatio(num / den);
    }),
  ]);
  return markdownTable(header, rows, ['left', ...header.slice(1).map((): Align => 'right')]);
}

function problems(result: RunResult): string[] {
  const lines: string[] = [];
  for (const repo of result.repositories) {
    for (const m of repo.measurements) {
      if (m.state === 'errored') lines.push(`- ${repo.label} ${m.command} on ${m.variant}: error: ${m.error}`);
      else if (m.state === 'skipped') lines.push(`- ${repo.label} ${m.command} on ${m.variant}: skipped: ${m.reason}`);
    }
  }
  return lines;
}

function serverSection(result: RunResult): string[] {
  const table = serverTable(result);
  if (table === null) return [];
  return [
    '## Server latency',
    '',
    'Server commands (`mcp-…`): one `codira mcp` per variant driven by the MCP SDK client over stdio; each sample is ' +
      'one request (`mcp-start`: spawn to first answer; `mcp-watch`: file edit until a query sees it). `mcp-floor` ' +
      '(variant `floor`) is the `mcp-sym` call answered by a server on the same SDK that only echoes its argument, in ' +
      'the same rounds: the latency and the tail a request has before codira does anything.',
    '',
    table,
  ];
}

/**
 * Render the summary.
 *
 * @param result - The run.
 * @returns Markdown text.
 */
export function renderSummary(result: RunResult): string {
  const env = result.environment;
  const commit = env.commit ? `${env.commit.slice(0, 12)}${env.dirty ? ' (with uncommitted changes)' : ''}` : 'no git';
  const parts = [
    `# Benchmark run ${result.runId}`,
    '',
    `Campaign \`${result.campaign.name}\` (manifest \`${result.campaign.manifest}\`): ${result.status}` +
      `${result.error ? ` — ${result.error}` : ''}, ${formatDuration(result.wallMs)}.`,
    `Node ${env.node} on ${env.cpuModel} (${env.cores} cores, ${env.platform}/${env.arch}), commit ${commit}.`,
    `Backends: ${env.backends.map((b) => `${b.name} ${b.version}`).join(', ')}; analyzers: ` +
      `${env.analyzers.map((a) => `${a.name} ${a.version}`).join(', ')}; peak RSS: ${env.peakRss}; ` +
      `CPU time: ${env.cpuTime ?? 'unavailable'}.`,
    result.baseline
      ? `Baseline: \`${result.baseline.ref}\` (${result.baseline.commit.slice(0, 12)}), measured interleaved.`
      : 'Baseline: none in this run.',
    '',
    '## Wall time',
    '',
    'Mean of the measured runs in milliseconds, ± half the 95 % confidence interval; each sample is one `codira` ' +
      'process timed from spawn to exit, variants interleaved.',
    '',
    timeTable(result),
    ...cpuSection(result),
    ...serverSection(result),
    '## Index size',
    '',
    'Bytes of the `.codira/` state directory after the first full index.',
    '',
    sizeTable(result),
    '## Query targets',
    '',
    markdownTable(
      ['repo', 'size', 'files', 'symbol', 'ctx query', 'partial-change file'],
      result.repositories.map((r) => [
        r.label,
        r.size,
        r.files ? `${r.files.indexed}${r.files.failed ? ` (+${r.files.failed} failed)` : ''}` : '—',
        r.targets.symbol ? `\`${r.targets.symbol}\` (${r.targets.symbolSource})` : '—',
        r.targets.ctxQuery,
        r.targets.partialFile ?? '—',
      ]),
    ),
  ];
  parts.push(...floorSection(result));
  parts.push(...phaseSection(result));
  parts.push(...accuracySection(result));
  const issues = problems(result);
  if (issues.length > 0) parts.push('## Errors and skips', '', ...issues, '');
  if (result.micro.length > 0) {
    parts.push(
      '## Micro-benchmarks (in-process, tinybench)',
      '',
      markdownTable(
        ['task', 'ops/s', 'mean', 'median', '±%', 'samples'],
        result.micro.map((m) =>
          m.state === 'completed'
            ? [
                m.name,
                m.opsPerSecond.toFixed(0),
                formatMs(m.meanMs),
                formatMs(m.medianMs),
                m.rmePercent.toFixed(2),
                String(m.samples),
              ]
            : [m.name, 'error', m.error, '', '', ''],
        ),
        ['left', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
  }
  return parts.join('\n');
}

/** Writes `summary.md`. */
export const markdownExporter: Exporter = Object.freeze({ fileName: 'summary.md', render: renderSummary });
