/**
 * Comments written directly above a definition (no blank line between), the place C, C++, Go, Rust, Java and shell
 * put documentation.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

type Node = Parser.SyntaxNode;

/**
 * The run of comment siblings ending on the line above a node (or on its line), in source order.
 *
 * @param node - The definition (or its wrapper, e.g. a template declaration).
 * @param isComment - Whether a sibling is a comment.
 * @param isTransparent - Siblings that may sit between the comment and the node (e.g. Rust attributes).
 * @returns The comment nodes, possibly empty.
 */
export function leadingComments(
  node: Node,
  isComment: (sibling: Node) => boolean,
  isTransparent: (sibling: Node) => boolean = () => false,
): Node[] {
  const comments: Node[] = [];
  let line = node.startPosition.row;
  for (let sibling = node.previousSibling; sibling !== null; sibling = sibling.previousSibling) {
    const end = sibling.endPosition;
    // A line comment's node may end at column 0 of the next line.
    const endRow = end.column === 0 && end.row > sibling.startPosition.row ? end.row - 1 : end.row;
    if (endRow < line - 1) break;
    if (isComment(sibling)) comments.push(sibling);
    else if (!isTransparent(sibling)) break;
    line = sibling.startPosition.row;
  }
  return comments.reverse();
}

/**
 * Text of `//`, `///`, `//!`, `/* *\/`, `/** *\/` or `#` comments with their markers and the leading `*` of block
 * comment lines removed, common indentation dropped, blank edges trimmed.
 *
 * @param texts - The comments' source texts, in order.
 * @returns The documentation text, or `null` when nothing is left.
 */
export function commentText(texts: readonly string[]): string | null {
  const lines: string[] = [];
  for (const text of texts) {
    if (text.startsWith('/*')) {
      const body = text.replace(/^\/\*+!?/, '').replace(/\*+\/$/, '');
      for (const line of body.split('\n')) lines.push(line.replace(/^\s*\*(?!\/)/, '').replace(/\s+$/, ''));
    } else {
      for (const line of text.split('\n')) {
        if (line.trim().length === 0) continue;
        lines.push(line.replace(/^\s*(?:\/\/[/!]?|#+)/, '').replace(/\s+$/, ''));
      }
    }
  }
  const indents = lines.filter((line) => line.trim().length > 0).map((line) => /^\s*/.exec(line)?.[0].length ?? 0);
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  const text = lines
    .map((line) => line.slice(indent))
    .join('\n')
    .trim();
  return text.length > 0 ? text : null;
}
