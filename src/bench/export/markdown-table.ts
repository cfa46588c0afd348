/**
 * The table helper shared by the Markdown artifacts (run summary, gate verdicts).
 *
 * @packageDocumentation
 */

/** Column alignment. */
export type Align = 'left' | 'right';

/**
 * A GitHub-flavoured Markdown table.
 *
 * @param header - Column titles.
 * @param rows - Cells per row (as many as the header).
 * @param align - Alignment per column (default left).
 * @returns The table, one line per row, ending with a newline.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const divider = header.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [line(header), `| ${divider.join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}
