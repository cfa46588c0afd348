/**
 * Rust doc comments: `///` and `/** *\/` above an item (attributes may sit between), `//!` and `/*! *\/` at the top of a
 * file for the module.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { commentText, leadingComments } from '../tree-sitter/leading-comments.js';

type Node = Parser.SyntaxNode;

const isComment = (node: Node): boolean => node.type === 'line_comment' || node.type === 'block_comment';

function isDoc(node: Node, field: 'outer' | 'inner'): boolean {
  return node.childForFieldName(field) !== null;
}

/**
 * The outer doc comment of an item.
 *
 * @param item - The item.
 * @returns The text without markers, or `null`.
 */
export function rustDocComment(item: Node): string | null {
  const comments = leadingComments(item, isComment, (sibling) => sibling.type === 'attribute_item');
  // Plain comments among the doc comments do not detach them (rustdoc reads only the doc comments).
  return commentText(comments.filter((comment) => isDoc(comment, 'outer')).map(docText));
}

/**
 * The inner doc comment (`//!`) of a file or an inline module body.
 *
 * @param container - The source file or the module's declaration list.
 * @returns The text without markers, or `null`.
 */
export function rustInnerDoc(container: Node): string | null {
  const texts: string[] = [];
  for (const child of container.namedChildren) {
    if (!isComment(child)) {
      if (child.type === 'attribute_item' || child.type === 'inner_attribute_item') continue;
      break;
    }
    if (isDoc(child, 'inner')) texts.push(docText(child));
  }
  return commentText(texts);
}

/**
 * The comment's text with its doc marker reduced to the plain comment marker `commentText` strips.
 *
 * @param comment - A line or block comment.
 * @returns Its text, `///`/`//!` as `//`, `/**`/`/*!` as `/*`.
 */
function docText(comment: Node): string {
  return comment.text.replace(/^\/\/[/!]/, '//').replace(/^\/\*[*!]/, '/*');
}
