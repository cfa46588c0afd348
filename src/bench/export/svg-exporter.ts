/**
 * `chart.svg`: grouped horizontal bars, one group per repository and command, one bar per variant (SQLite, DuckDB,
 * baseline), plus the index size. Each group is scaled to its own largest value and every bar is labelled, because
 * a full index and a `sym` lookup differ by orders of magnitude and would not share one readable axis.
 *
 * @packageDocumentation
 */
import { comparisonsOf } from '../comparisons.js';
import { formatBytes, formatMs, formatRatio } from '../format.js';
import { floorFor, type FloorValue } from '../floors.js';
import { findMeasurement, type RunResult, type VariantInfo } from '../result.js';
import type { Exporter } from './exporter.js';
import { esc, floorLine, svgDocument, text } from './svg-text.js';

const WIDTH = 960;
const LABEL_X = 24;
const BAR_X = 190;
const BAR_MAX = 600;
const BAR_H = 14;
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756'];
const BASELINE_COLOR = '#9d9d9d';

function colorOf(variants: readonly VariantInfo[], id: string): string {
  const variant = variants.find((v) => v.id === id);
  if (variant?.build === 'baseline') return BASELINE_COLOR;
  const current = variants.filter((v) => v.build === 'current');
  return PALETTE[
    Math.max(
      0,
      current.findIndex((v) => v.id === id),
    ) % PALETTE.length
  ]!;
}

interface Bar {
  readonly variant: string;
  /** Bar value, or `null` with a text instead. */
  readonly value: number | null;
  readonly text: string;
  /** 95 % interval of the mean, drawn as a whisker. */
  readonly ci95?: { readonly low: number; readonly high: number } | null;
}

/**
 * Render the chart.
 *
 * @param result - The run.
 * @returns SVG document text.
 */
export function renderChart(result: RunResult): string {
  const variants = result.variants;
  const body: string[] = [];
  let y = 56;
  body.push(text(LABEL_X, 24, `codira benchmark ${result.runId}`, 'class="title"'));
  body.push(
    text(
      LABEL_X,
      42,
      'mean wall time per command with its 95 % interval (whisker); each group is scaled to its largest bar',
      'class="value"',
    ),
  );
  variants.forEach((v, i) => {
    const x = LABEL_X + i * 170;
    body.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${colorOf(variants, v.id)}"/>`);
    body.push(text(x + 18, y + 11, v.id));
  });
  y += 32;
  const comparisons = comparisonsOf(variants);
  const group = (label: string, bars: readonly Bar[], floor: FloorValue | null = null): void => {
    const top = Math.max(0, floor?.meanMs ?? 0, ...bars.map((b) => b.value ?? 0));
    body.push(text(LABEL_X + 12, y + BAR_H, label));
    // The ratios the gates judge, under the label, so the group reads without comparing bar lengths by eye.
    const ratios = comparisons.flatMap((c) => {
      const num = bars.find((b) => b.variant === c.numerator)?.value;
      const den = bars.find((b) => b.variant === c.denominator)?.value;
      return num != null && den != null && den > 0 ? [`${c.label} ${formatRatio(num / den)}`] : [];
    });
    ratios.forEach((ratio, i) => body.push(text(LABEL_X + 12, y + BAR_H + 14 * (i + 1), ratio, 'class="ratio"')));
    bars.forEach((bar, i) => {
      const by = y + i * (BAR_H + 2);
      const width = bar.value === null || top === 0 ? 0 : Math.max(1, (bar.value / top) * BAR_MAX);
      body.push(
        `<rect x="${BAR_X}" y="${by}" width="${width.toFixed(1)}" height="${BAR_H}" fill="${colorOf(variants, bar.variant)}">` +
          `<title>${esc(`${bar.variant}: ${bar.text}`)}</title></rect>`,
      );
      if (bar.ci95 && top > 0) {
        // The whisker shows the 95 % interval of the mean: bars whose whiskers overlap are not clearly different.
        const [lo, hi] = [bar.ci95.low, bar.ci95.high].map((v) => BAR_X + (Math.max(0, v) / top) * BAR_MAX);
        const mid = by + BAR_H / 2;
        body.push(
          `<line x1="${lo!.toFixed(1)}" x2="${hi!.toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#222" stroke-width="1"/>`,
        );
      }
      const whiskerEnd = bar.ci95 && top > 0 ? BAR_X + (bar.ci95.high / top) * BAR_MAX : 0;
      body.push(text(Math.round(Math.max(BAR_X + width, whiskerEnd) + 6), by + BAR_H - 3, bar.text, 'class="value"'));
    });
    if (floor && top > 0)
      body.push(...floorLine(floor, { x: BAR_X, width: BAR_MAX, top }, y, bars.length * (BAR_H + 2)));
    y += Math.max(bars.length * (BAR_H + 2), (ratios.length + 1) * 14 + 4) + (floor ? 16 : 10);
  };
  for (const repo of result.repositories) {
    body.push(text(LABEL_X, y + 14, `${repo.label} (${repo.size})`, 'class="repo"'));
    y += 24;
    for (const command of result.campaign.commands) {
      const bars: Bar[] = [];
      for (const v of variants) {
        const m = findMeasurement(repo, command, v.id);
        if (!m) continue;
        if (m.state === 'completed')
          bars.push({ variant: v.id, value: m.stats.mean, text: formatMs(m.stats.mean), ci95: m.stats.ci95 });
        else bars.push({ variant: v.id, value: null, text: m.state === 'errored' ? 'error' : 'skipped' });
      }
      if (bars.length > 0) group(command, bars, floorFor(repo, command));
    }
    const sizes = variants.flatMap((v) => {
      const s = repo.sizes.find((r) => r.variant === v.id);
      return s ? [{ variant: v.id, value: s.stateDirBytes, text: formatBytes(s.stateDirBytes) }] : [];
    });
    if (sizes.length > 0) group('index size', sizes);
    y += 8;
  }
  return svgDocument(WIDTH, y + 16, body);
}

/** Writes `chart.svg`. */
export const svgExporter: Exporter = Object.freeze({ fileName: 'chart.svg', render: renderChart });
