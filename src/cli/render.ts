/**
 * Plain-text rendering helpers: compact aligned columns, no colours (output is often piped to an agent).
 *
 * @packageDocumentation
 */
import { escapeControl } from '../core/text.js';

/**
 * Align rows into columns separated by two spaces; the last column is not padded. Control characters in cells are
 * escaped so every row stays one line.
 *
 * @param rows - Cells per row.
 * @returns The table text, one line per row.
 */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  const safe = rows.map((row) => row.map(escapeControl));
  for (const row of safe) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return safe
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

/**
 * `path:line` location text.
 *
 * @param path - File path.
 * @param line - 1-based line.
 * @returns The location.
 */
export function at(path: string, line: number): string {
  return `${escapeControl(path)}:${line}`;
}
