/**
 * The `## Floors` section of `summary.md`: per repository the floor rows measured in the run (`node -e 0`,
 * parse-only) and every command's mean as a multiple of its floor per variant of the current build — the ratios
 * issue 12's targets and the `floor` gates are about — and, when the run measured CPU time, the same ratio of CPU
 * medians (what a `"clock": "cpu"` floor gate with `"statistic": "median"` judges).
 *
 * @packageDocumentation
 */
import { FLOOR_VARIANT, isFloorCommand } from '../command-names.js';
import { formatRatio } from '../format.js';
import { cpuMedianOf, floorFor } from '../floors.js';
import { findMeasurement, type RunResult } from '../result.js';
import { markdownTable, type Align } from './markdown-table.js';

/**
 * The section (empty when the run measured no floor row).
 *
 * @param result - The run.
 * @returns Markdown lines.
 */
export function floorSection(result: RunResult): string[] {
  const current = result.variants.filter((v) => v.build === 'current');
  const cpu = result.repositories.some((repo) => repo.measurements.some((m) => cpuMedianOf(m) !== null));
  const header = [
    'repo',
    'command',
    'floor',
    'floor ms',
    ...current.map((v) => `${v.id} × floor`),
    ...(cpu ? ['floor CPU ms', ...current.map((v) => `${v.id} CPU × floor`)] : []),
  ];
  const rows: string[][] = [];
  for (const repo of result.repositories) {
    for (const command of result.campaign.commands) {
      if (isFloorCommand(command)) continue;
      const floor = floorFor(repo, command);
      if (floor === null) continue;
      rows.push([
        repo.label,
        command,
        floor.command,
        floor.meanMs.toFixed(1),
        ...current.map((v) => {
          const m = findMeasurement(repo, command, v.id);
          return m?.state === 'completed' && floor.meanMs > 0 ? formatRatio(m.stats.mean / floor.meanMs) : '—';
        }),
        ...(cpu
          ? [
              floor.cpuMedianMs === null ? '—' : floor.cpuMedianMs.toFixed(1),
              ...current.map((v) => {
                const ms = cpuMedianOf(findMeasurement(repo, command, v.id));
                const base = floor.cpuMedianMs;
                return ms === null || base === null || base <= 0 ? '—' : formatRatio(ms / base);
              }),
            ]
          : []),
      ]);
    }
  }
  if (rows.length === 0) return [];
  const floors = result.repositories.flatMap((repo) =>
    repo.measurements.filter((m) => m.variant === FLOOR_VARIANT && m.state === 'completed'),
  );
  return [
    '## Floors',
    '',
    `Floor rows measured in this run (${[...new Set(floors.map((m) => `\`${m.command}\``))].join(', ')}): ` +
      '`floor-node` is a bare `node -e 0`, `parse-only` runs only the analyzers’ parsers over the files an index ' +
      'reads, on one thread (`mcp-floor`, the server requests’ floor, is in the server latency table). Each command’s mean as a multiple of its floor (a full index against parse-only, the ' +
      'others against `node -e 0`)' +
      (cpu
        ? '; `CPU × floor`: the same with the medians of CPU time (user + sys, waited-for children included).'
        : '.'),
    '',
    markdownTable(header, rows, ['left', 'left', 'left', ...header.slice(3).map((): Align => 'right')]),
  ];
}
