/**
 * The text of a section that documents it: the lines under its heading up to the next heading, capped so that a
 * long chapter does not dominate lexical matching.
 *
 * @packageDocumentation
 */

/** Longest section text kept as a docstring. */
const MAX_TEXT = 2000;

/**
 * The text between two lines.
 *
 * @param lines - The document's lines.
 * @param from - First line, 0-based, inclusive.
 * @param to - Last line, 0-based, exclusive.
 * @returns The trimmed text, or `null` when blank.
 */
export function sectionText(lines: readonly string[], from: number, to: number): string | null {
  const text = lines.slice(from, to).join('\n').trim();
  if (text.length === 0) return null;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
