/**
 * Flame graphs: one SVG per CPU profile, the merged call tree with the root at the bottom, each frame as wide as
 * its share of the busy time; hover a frame for its name and milliseconds.
 *
 * @packageDocumentation
 */
import type { FlameNode } from '../profile/cpuprofile.js';
import { esc, svgDocument, text } from './svg-text.js';

const WIDTH = 1200;
const ROW = 17;
const MARGIN = 10;
const HEADER = 40;
const MAX_DEPTH = 80;
const PALETTE = ['#f2a65a', '#eec170', '#f58549', '#e8a87c', '#f6bd60', '#f7a072'];

function depthOf(node: FlameNode): number {
  let deepest = 0;
  for (const child of node.children.values()) deepest = Math.max(deepest, depthOf(child));
  return Math.min(MAX_DEPTH, deepest + 1);
}

/**
 * Draw a flame graph.
 *
 * @param tree - The merged call tree (`flameTree`).
 * @param title - Title line, e.g. `requests · sym · duckdb (main thread)`.
 * @returns SVG document text.
 */
export function renderFlameGraph(tree: FlameNode, title: string): string {
  const depth = depthOf(tree);
  const height = HEADER + depth * ROW + MARGIN;
  const scale = tree.totalMs > 0 ? (WIDTH - 2 * MARGIN) / tree.totalMs : 0;
  const body: string[] = [text(MARGIN, 22, `${title}: ${tree.totalMs.toFixed(1)} ms busy`, 'class="title"')];
  const draw = (node: FlameNode, x: number, level: number): void => {
    const width = node.totalMs * scale;
    if (width < 0.5 || level >= MAX_DEPTH) return;
    const y = height - MARGIN - (level + 1) * ROW;
    const color = PALETTE[[...node.name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9973, 7) % PALETTE.length]!;
    const label = `${node.name}: ${node.totalMs.toFixed(1)} ms (${((100 * node.totalMs) / (tree.totalMs || 1)).toFixed(1)} %)`;
    body.push(
      `<g><title>${esc(label)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${color}"/>` +
        (width > 40
          ? text(Math.round(x + 3), y + ROW - 5, node.name.slice(0, Math.floor((width - 6) / 6.5)), 'class="frame"')
          : '') +
        '</g>',
    );
    let childX = x;
    for (const child of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(child, childX, level + 1);
      childX += child.totalMs * scale;
    }
  };
  draw(tree, MARGIN, 0);
  return svgDocument(WIDTH, height, body, '.frame{font-size:11px;font-family:monospace}');
}
