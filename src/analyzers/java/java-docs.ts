/**
 * Javadoc: the `/** *\/` comment directly above a declaration (its annotations are part of the declaration), and the
 * block tags a method's documentation must carry.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { commentText, leadingComments } from '../tree-sitter/leading-comments.js';

/**
 * The Javadoc comment of a declaration.
 *
 * @param node - The declaration.
 * @returns The text without comment markers, or `null`.
 */
export function javadoc(node: Parser.SyntaxNode): string | null {
  const comments = leadingComments(
    node,
    (sibling) => sibling.type === 'block_comment' || sibling.type === 'line_comment',
  );
  const last = comments[comments.length - 1];
  return last !== undefined && /^\/\*\*(?!\/)/.test(last.text) ? commentText([last.text]) : null;
}

/**
 * Parameter names a Javadoc documents with `@param`.
 *
 * @param docstring - The Javadoc text.
 * @returns The names (type parameters as `<T>`).
 */
export function documentedParameters(docstring: string): Set<string> {
  return new Set([...docstring.matchAll(/@param\s+(<?\w+>?)/g)].map((match) => match[1] as string));
}

/**
 * Whether a Javadoc describes the return value (`@return`, or `{@return …}` since Java 16).
 *
 * @param docstring - The Javadoc text.
 * @returns `true` when it does.
 */
export function documentsReturn(docstring: string): boolean {
  return /@return\b/.test(docstring);
}
