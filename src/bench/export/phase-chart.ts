/**
 * `phases.svg`: per repository × command × variant, one horizontal bar of the mean wall time stacked by phase
 * (one colour per phase name, the same across the chart), each group scaled to its largest bar, with the command's
 * floor row (`node -e 0` or parse-only) as a dashed line when the run measured it.
 *
 * @packageDocumentation
 */
import { floorFor } from '../floors.js';
import type { RunResult } from '../result.js';
import type { Exporter } from './exporter.js';
import { phasesOf } from './phase-table.js';
import { esc, floorLine, svgDocument, text } from './svg-text.js';

const WIDTH = 1000;
const LABEL_X = 24;
const BAR_X = 230;
const BAR_MAX = 620;
const BAR_H = 16;
const COLORS = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];

/**
 * Render the stacked phase chart.
 *
 * @param result - The run.
 * @returns SVG text (a short note when no measurement recorded phases).
 */
export function renderPhaseChart(result: RunResult): string {
  const body: string[] = [
    text(LABEL_X, 24, `codira phases ${result.runId}: mean ms per phase, stacked`, 'class="title"'),
  ];
  const colorOf = new Map<string, string>();
  const color = (name: string): string => {
    if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length]!);
    return colorOf.get(name)!;
  };
  let y = 48;
  const groups: string[] = [];
  for (const repo of result.repositories) {
    for (const command of result.campaign.commands) {
      const { names, byVariant } = phasesOf(result, repo.label, command);
      if (names.length === 0) continue;
      groups.push(text(LABEL_X, y + 12, `${repo.label} · ${command}`, 'class="repo"'));
      y += 20;
      const sum = (phases: Map<string, number>): number => names.reduce((a, n) => a + (phases.get(n) ?? 0), 0);
      const totals = [...byVariant.values()].map(sum);
      const floor = floorFor(repo, command);
      const top = Math.max(...totals, floor?.meanMs ?? 0, 1e-9);
      const groupTop = y;
      for (const [variant, phases] of byVariant) {
        groups.push(text(LABEL_X + 12, y + BAR_H - 4, variant));
        let x = BAR_X;
        for (const name of names) {
          const ms = phases.get(name) ?? 0;
          const width = (ms / top) * BAR_MAX;
          if (width > 0) {
            groups.push(
              `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR_H}" fill="${color(name)}">` +
                `<title>${esc(`${variant} ${name}: ${ms.toFixed(1)} ms`)}</title></rect>`,
            );
          }
          x += width;
        }
        const total = sum(phases);
        groups.push(text(Math.round(x + 6), y + BAR_H - 4, `${total.toFixed(1)} ms`, 'class="value"'));
        y += BAR_H + 3;
      }
      if (floor) {
        groups.push(...floorLine(floor, { x: BAR_X, width: BAR_MAX, top }, groupTop, y - groupTop));
        y += 8;
      }
      y += 10;
    }
  }
  if (groups.length === 0)
    return svgDocument(WIDTH, 60, [...body, text(LABEL_X, 48, 'no phases recorded in this run')]);
  // Legend: every phase name once, in first-seen order.
  let lx = LABEL_X;
  let ly = y + 10;
  for (const [name, fill] of colorOf) {
    if (lx + 150 > WIDTH) {
      lx = LABEL_X;
      ly += 18;
    }
    body.push(`<rect x="${lx}" y="${ly}" width="12" height="12" fill="${fill}"/>`, text(lx + 16, ly + 11, name));
    lx += 150;
  }
  return svgDocument(WIDTH, ly + 30, [...body, ...groups]);
}

/** Writes `phases.svg`. */
export const phaseChartExporter: Exporter = Object.freeze({ fileName: 'phases.svg', render: renderPhaseChart });
