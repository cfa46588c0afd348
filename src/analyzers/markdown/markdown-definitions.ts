/**
 * Headings as sections: the tags query that finds ATX (`## Title`) and setext (underlined) headings, their level,
 * and the anchor a link to them uses (GitHub's slug: `README.md#getting-started`).
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** The Markdown tags query; each pattern's dotted capture is the tag's role. */
export const MARKDOWN_TAGS_QUERY = `
(atx_heading heading_content: (_) @content) @heading.atx
(setext_heading heading_content: (_) @content) @heading.setext
`;

/**
 * The level of a heading (1 for `#` or `===`, 2 for `##` or `---`, …).
 *
 * @param heading - An `atx_heading` or `setext_heading`.
 * @returns The level.
 */
export function headingLevel(heading: Parser.SyntaxNode): number {
  for (const child of heading.namedChildren) {
    const atx = /^atx_h(\d)_marker$/.exec(child.type);
    if (atx !== null) return Number(atx[1]);
    if (child.type === 'setext_h1_underline') return 1;
    if (child.type === 'setext_h2_underline') return 2;
  }
  return 1;
}

/**
 * A heading's anchor as GitHub computes it: lower case, punctuation dropped, spaces as hyphens; repeated anchors
 * get `-1`, `-2`, … in document order.
 *
 * @param text - Heading text.
 * @param used - Anchors already taken in the document, updated.
 * @returns The anchor.
 */
export function headingAnchor(text: string, used: Map<string, number>): string {
  const base = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
  const count = used.get(base) ?? 0;
  used.set(base, count + 1);
  return count === 0 ? base : `${base}-${count}`;
}
