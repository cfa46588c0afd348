/**
 * The Go grammar (`tree-sitter-go`), loaded on first use. Parsing is strict: Go has no preprocessor, so a tree that
 * needed error recovery is a file that does not compile.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The Go grammar package. */
export const GO_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-go' });

/**
 * Parse Go source.
 *
 * @param source - File content.
 * @returns The syntax tree, free of errors.
 */
export function parseGo(source: string): Parser.Tree {
  return parseSource(GO_GRAMMAR, source, true);
}
