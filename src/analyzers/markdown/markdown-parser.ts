/**
 * The Markdown block grammar (`@tree-sitter-grammars/tree-sitter-markdown`), loaded on first use. Every text is some
 * Markdown, so parsing never fails.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The Markdown block grammar package (its inline grammar is not needed for headings). */
export const MARKDOWN_GRAMMAR: GrammarSpec = Object.freeze({ package: '@tree-sitter-grammars/tree-sitter-markdown' });

/**
 * Parse a Markdown document.
 *
 * @param source - File content.
 * @returns The block syntax tree.
 */
export function parseMarkdown(source: string): Parser.Tree {
  return parseSource(MARKDOWN_GRAMMAR, source, false);
}
