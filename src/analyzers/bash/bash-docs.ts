/**
 * Comment headers of shell functions: the `#` lines directly above the definition.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { commentText, leadingComments } from '../tree-sitter/leading-comments.js';

/**
 * The comment header of a function.
 *
 * @param node - The function definition.
 * @returns The text without `#` markers, or `null`.
 */
export function bashHeader(node: Parser.SyntaxNode): string | null {
  const comments = leadingComments(node, (sibling) => sibling.type === 'comment');
  // A shebang or a modeline above the first function is not its header.
  const texts = comments
    .map((comment) => comment.text)
    .filter((text) => !text.startsWith('#!') && !/^#\s*(?:ex|vim?):/.test(text));
  return commentText(texts);
}

/**
 * Whether a header describes a function's arguments: mentions `$1`…`$9`, `$@`, `@param` or an "Arguments"/"Args"
 * section (Google shell style).
 *
 * @param header - The header text.
 * @returns `true` when it does.
 */
export function describesArguments(header: string): boolean {
  return /\$[1-9@*#]|@param|\b(?:arguments?|args?|parameters?|usage)\b/i.test(header);
}
