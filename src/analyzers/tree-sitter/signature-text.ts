/**
 * One-line signatures: a definition's text up to its body, whitespace collapsed.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** Longest signature kept; longer ones end with `…` (a generic C++ declaration can run for a page). */
const MAX_SIGNATURE = 300;

/**
 * The signature of a definition as written.
 *
 * @param source - File content.
 * @param node - The definition.
 * @param body - Its body, where the signature ends; the whole node when `null`.
 * @returns The text on one line.
 */
export function signatureText(source: string, node: Parser.SyntaxNode, body: Parser.SyntaxNode | null): string {
  const end = body !== null && body.startIndex > node.startIndex ? body.startIndex : node.endIndex;
  const text = source.slice(node.startIndex, end).replace(/\s+/g, ' ').trim();
  return text.length > MAX_SIGNATURE ? `${text.slice(0, MAX_SIGNATURE - 1)}…` : text;
}
