/**
 * Trend charts of the run history: one SVG per repository × command × variant, the mean of every run with its
 * 95 % interval as a whisker, the commit under each point, and step changes marked in red.
 *
 * @packageDocumentation
 */
import { formatMs } from '../format.js';
import type { TrendPoint } from '../history.js';
import { esc, svgDocument, text } from './svg-text.js';

const WIDTH = 900;
const HEIGHT = 320;
const LEFT = 80;
const RIGHT = 30;
const TOP = 50;
const PLOT_H = 190;

/**
 * Group trend points by repository × command × variant.
 *
 * @param points - Points in query order.
 * @returns One series per key, in first-seen order.
 */
export function trendSeries(points: readonly TrendPoint[]): { key: string; points: TrendPoint[] }[] {
  const groups = new Map<string, TrendPoint[]>();
  for (const p of points) {
    const key = `${p.repo}-${p.command}-${p.variant}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups].map(([key, series]) => ({ key, points: series }));
}

/**
 * Draw one series.
 *
 * @param points - Runs of one repository × command × variant, oldest first.
 * @returns SVG document text.
 */
export function renderTrendChart(points: readonly TrendPoint[]): string {
  const first = points[0];
  if (!first) return svgDocument(WIDTH, 60, [text(20, 30, 'no runs')]);
  const top = Math.max(...points.map((p) => p.ciHigh ?? p.meanMs)) * 1.08;
  const bottom = Math.min(...points.map((p) => p.ciLow ?? p.meanMs), top) * 0.92;
  const span = Math.max(top - bottom, 1e-9);
  const y = (ms: number): number => TOP + PLOT_H - ((ms - bottom) / span) * PLOT_H;
  const step = points.length > 1 ? (WIDTH - LEFT - RIGHT) / (points.length - 1) : 0;
  const x = (i: number): number => LEFT + (points.length > 1 ? i * step : (WIDTH - LEFT - RIGHT) / 2);
  const body: string[] = [
    text(20, 24, `${first.repo} · ${first.command} · ${first.variant}: mean wall time per run`, 'class="title"'),
    text(
      20,
      40,
      'whiskers: 95 % interval of the mean; red: step change (moved > 10 % from the prior median, intervals disjoint)',
      'class="value"',
    ),
  ];
  for (const frac of [0, 0.5, 1]) {
    const ms = bottom + frac * span;
    body.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(ms).toFixed(1)}" y2="${y(ms).toFixed(1)}" stroke="#ddd"/>`,
    );
    body.push(text(8, Math.round(y(ms)) + 4, formatMs(ms), 'class="value"'));
  }
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.meanMs).toFixed(1)}`).join(' ');
  body.push(`<path d="${path}" fill="none" stroke="#4c78a8" stroke-width="1.5"/>`);
  points.forEach((p, i) => {
    const px = x(i).toFixed(1);
    if (p.ciLow !== null && p.ciHigh !== null) {
      body.push(
        `<line x1="${px}" x2="${px}" y1="${y(p.ciLow).toFixed(1)}" y2="${y(p.ciHigh).toFixed(1)}" stroke="#888"/>`,
      );
    }
    const color = p.flag ? '#e45756' : '#4c78a8';
    const label = `${p.runId} ${p.commit?.slice(0, 8) ?? '?'}${p.dirty ? '+' : ''}: ${formatMs(p.meanMs)}${p.flag ? ` (${p.flag})` : ''}`;
    body.push(
      `<circle cx="${px}" cy="${y(p.meanMs).toFixed(1)}" r="${p.flag ? 5 : 3.5}" fill="${color}"><title>${esc(label)}</title></circle>`,
    );
    const commit = `${p.commit?.slice(0, 7) ?? '?'}${p.dirty ? '+' : ''}`;
    body.push(
      text(
        Math.round(x(i)) - 4,
        TOP + PLOT_H + 16,
        commit,
        `class="value" transform="rotate(45 ${Math.round(x(i)) - 4} ${TOP + PLOT_H + 16})"`,
      ),
    );
  });
  return svgDocument(WIDTH, HEIGHT, body);
}
