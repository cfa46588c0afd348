/**
 * Plain-text rendering helpers: compact aligned columns, no colours (output is often piped to an agent).
 *
 * @packageDocumentation
 */

/**
 * Align rows into columns separated by two spaces; the last column is not padded.
 *
 * @param rows - Cells per row.
 * @returns The table text, one line per row.
 */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
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
  return `${path}:${line}`;
}
