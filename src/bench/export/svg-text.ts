/**
 * SVG building blocks shared by every chart the harness draws (run chart, trend charts, flame graphs).
 *
 * @packageDocumentation
 */
import type { FloorValue } from '../floors.js';

/**
 * Escape text for SVG content and attribute values.
 *
 * @param text - Any text.
 * @returns The escaped text.
 */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A `<text>` element.
 *
 * @param x - Left position.
 * @param y - Baseline position.
 * @param content - Text (escaped here).
 * @param attrs - Extra attributes, e.g. `class="value"`.
 * @returns SVG markup.
 */
export function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${esc(content)}</text>`;
}

/**
 * A whole SVG document on a white background.
 *
 * @param width - Width in pixels.
 * @param height - Height in pixels.
 * @param body - Elements.
 * @param style - Extra CSS rules after the shared ones.
 * @returns Document text.
 */
export function svgDocument(width: number, height: number, body: readonly string[], style = ''): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<style>text{font-family:sans-serif;font-size:12px;fill:#222}.title{font-size:15px;font-weight:bold}' +
      `.repo{font-size:14px;font-weight:bold}.value{font-size:11px;fill:#444}.ratio{font-size:11px;fill:#666}.floor{font-size:10px;fill:#d62728}${style}</style>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * A dashed vertical line at a floor row's mean across a group of bars, labelled with its name under the group.
 *
 * @param floor - The floor row and its mean in milliseconds.
 * @param axis - Where bars start (`x`), their full length (`width`) and the value drawn at full length (`top`).
 * @param y - Top of the group.
 * @param height - Height of the group's bars.
 * @returns SVG elements.
 */
export function floorLine(
  floor: FloorValue,
  axis: { readonly x: number; readonly width: number; readonly top: number },
  y: number,
  height: number,
): string[] {
  const x = axis.x + (floor.meanMs / axis.top) * axis.width;
  const label = `${floor.command} ${floor.meanMs.toFixed(1)} ms`;
  return [
    `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${y - 3}" y2="${y + height + 1}" stroke="#d62728" ` +
      `stroke-dasharray="3 2"><title>${esc(label)}</title></line>`,
    text(Math.round(x + 3), y + height + 10, label, 'class="floor"'),
  ];
}
