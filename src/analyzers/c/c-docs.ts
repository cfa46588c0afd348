/**
 * Doxygen and kernel-doc comments of C and C++: `/** *\/`, `/*! *\/`, `///` and `//!` directly above a definition are
 * its docstring; plain comments are not documentation. Also reads which parameters and whether a return value a
 * docstring describes.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { commentText, leadingComments } from '../tree-sitter/leading-comments.js';

type Node = Parser.SyntaxNode;

/** Wrappers whose first line is where a definition's comment sits. */
const WRAPPERS = new Set(['declaration', 'type_definition', 'template_declaration', 'field_declaration']);

const DOC_COMMENT = /^(?:\/\*[*!](?!\/)|\/\/[/!])/;

/**
 * The doc comment of a definition.
 *
 * @param node - The definition.
 * @returns The text without comment markers, or `null`.
 */
export function docComment(node: Node): string | null {
  let anchor = node;
  while (anchor.parent !== null && WRAPPERS.has(anchor.parent.type)) anchor = anchor.parent;
  const comments = leadingComments(anchor, (sibling) => sibling.type === 'comment');
  // Only the doc comments nearest the definition: a licence block or a plain comment above them is not part of it.
  let first = comments.length;
  while (first > 0 && DOC_COMMENT.test((comments[first - 1] as Node).text)) first--;
  return commentText(comments.slice(first).map((comment) => comment.text));
}

/** Doxygen `@param x`, `\param[in] x`, `@tparam T` and kernel-doc `@x:` name a documented parameter. */
const PARAMETER = /(?:[@\\]t?param(?:\[[a-z, ]*\])?\s+([A-Za-z_]\w*)|^\s*@([A-Za-z_]\w*|\.\.\.)\s*:)/gm;

/**
 * Parameter names a docstring documents.
 *
 * @param docstring - The doc comment text.
 * @returns The names.
 */
export function documentedParameters(docstring: string): Set<string> {
  const names = new Set<string>();
  for (const match of docstring.matchAll(PARAMETER)) names.add(match[1] ?? match[2] ?? '');
  return names;
}

/**
 * Whether a docstring describes the return value: a Doxygen `@return`/`@retval` command, or (kernel-doc, prose) the
 * word "return(s)" outside the parameter lines.
 *
 * @param docstring - The doc comment text.
 * @returns `true` when it does.
 */
export function documentsReturn(docstring: string): boolean {
  if (/[@\\](?:returns?|retval|result)\b/.test(docstring)) return true;
  return docstring
    .split('\n')
    .filter((line) => !/^\s*(?:@\w+\s*:|[@\\]t?param\b)/.test(line))
    .some((line) => /\breturns?\b/i.test(line));
}
