/**
 * The `## Floors` section of `summary.md`: per repository the floor rows measured in the run (`node -e 0`,
 * parse-only) and every command's mean as a multiple of its floor per variant of the current build — the ratios
 * issue 12's targets and the `floor` gates are about.
 *
 * @packageDocumentation
 */
import { FLOOR_VARIANT, isFloorCommand } from '../command-names.js';
import { formatRatio } from '../format.js';
import { floorFor } from '../floors.js';
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
  const header = ['repo', 'command', 'floor', 'floor ms', ...current.map((v) => `${v.id} × floor`)];
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
      'others against `node -e 0`).',
    '',
    markdownTable(header, rows, ['left', 'left', 'left', ...header.slice(3).map((): Align => 'right')]),
  ];
}
