/**
 * Go doc comments: the comment lines directly above a declaration (or above its `type`/`var` group when the group
 * has one member), and above the `package` clause for the package.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { commentText, leadingComments } from '../tree-sitter/leading-comments.js';

/**
 * The doc comment of a declaration.
 *
 * @param node - The declaration (`function_declaration`, `method_declaration`, `type_spec`, `package_clause`).
 * @returns The text without comment markers, or `null`.
 */
export function goDocComment(node: Parser.SyntaxNode): string | null {
  let anchor = node;
  const parent = node.parent;
  if (parent !== null && parent.type === 'type_declaration' && parent.namedChildren.length === 1) anchor = parent;
  const comments = leadingComments(anchor, (sibling) => sibling.type === 'comment');
  // `//go:generate` and other directives are not documentation.
  const texts = comments.map((comment) => comment.text).filter((text) => !/^\/\/(?:go:|\+build|line )/.test(text));
  return commentText(texts);
}
