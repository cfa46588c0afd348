/**
 * 1-based line span of a syntax node. A node whose text ends with a newline (error recovery often swallows one)
 * ends at column 0 of the next line, which is not part of it.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/**
 * The last line a node covers.
 *
 * @param node - The node.
 * @returns 1-based line number.
 */
export function endLine(node: Parser.SyntaxNode): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row : end.row + 1;
}
