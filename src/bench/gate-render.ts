/**
 * Renderers of a {@link GateReport}: rows for the terminal table, `gates.md`, and `gates.json`.
 *
 * @packageDocumentation
 */
import { markdownTable } from './export/markdown-table.js';
import { formatBytes, formatMs, formatRatio } from './format.js';
import type { GateFinding, GateReport } from './gate-check.js';

/** Column titles of the verdict table. */
export const GATE_COLUMNS = Object.freeze([
  'gate',
  'repo',
  'command',
  'measured',
  'budget',
  'verdict',
  'rule',
  'note',
] as const);

const NOTE_WIDTH = 100;

function value(finding: GateFinding, amount: number): string {
  if (finding.unit === 'percent') return `${amount.toFixed(1)} %`;
  return finding.unit === 'ms' ? formatMs(amount) : formatBytes(amount);
}

/**
 * The cells of one finding.
 *
 * @param finding - A finding.
 * @returns One cell per {@link GATE_COLUMNS} entry.
 */
export function findingCells(finding: GateFinding): string[] {
  const measured =
    finding.measured === null
      ? '—'
      : `${value(finding, finding.measured)}${finding.ratio === null ? '' : ` (${formatRatio(finding.ratio)})`}`;
  // Times and sizes are ceilings; accuracy percentages are floors.
  const bound = finding.unit === 'percent' ? '≥' : '≤';
  const budget = finding.budget === null ? '—' : `${bound} ${value(finding, finding.budget)}`;
  return [
    finding.gate,
    finding.repo,
    finding.command,
    measured,
    budget,
    finding.verdict.toUpperCase(),
    finding.rule,
    finding.note,
  ];
}

/**
 * One-line verdict of the whole check.
 *
 * @param report - The report.
 * @returns e.g. `gates: 24 pass, 1 fail, 0 warn, 2 skip → FAILED`.
 */
export function gateSummaryLine(report: GateReport): string {
  const { pass, fail, warn, skip } = report.counts;
  const status =
    report.runStatus === 'completed' ? '' : ` (run ${report.runId} is '${report.runStatus}', not completed)`;
  return `gates: ${pass} pass, ${fail} fail, ${warn} warn, ${skip} skip${status} → ${report.ok ? 'PASSED' : 'FAILED'}`;
}

/**
 * The table rows for a terminal, header first.
 *
 * @param report - The report.
 * @returns Rows of cells.
 */
export function gateTableRows(report: GateReport): string[][] {
  // Notes can hold a whole error line; keep the terminal table readable (gates.json and gates.md keep them whole).
  const clip = (cells: string[]): string[] =>
    cells.map((cell, i) =>
      i === cells.length - 1 && cell.length > NOTE_WIDTH ? `${cell.slice(0, NOTE_WIDTH - 1)}…` : cell,
    );
  return [[...GATE_COLUMNS], ...report.findings.map((f) => clip(findingCells(f)))];
}

/**
 * `gates.md`.
 *
 * @param report - The report.
 * @returns Markdown text.
 */
export function renderGatesMarkdown(report: GateReport): string {
  return [
    `# Gate check of run ${report.runId}`,
    '',
    `Gate file: \`${report.gatesFile}\`.`,
    '',
    markdownTable([...GATE_COLUMNS], report.findings.map(findingCells), [
      'left',
      'left',
      'left',
      'right',
      'right',
      'left',
      'left',
      'left',
    ]),
    gateSummaryLine(report),
    '',
  ].join('\n');
}

/**
 * `gates.json`.
 *
 * @param report - The report.
 * @returns JSON text.
 */
export function renderGatesJson(report: GateReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
