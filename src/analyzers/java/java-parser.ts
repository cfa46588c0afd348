/**
 * The Java grammar (`tree-sitter-java`), loaded on first use. Parsing is strict: Java has no preprocessor, so a tree
 * that needed error recovery is a file that does not compile.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The Java grammar package. */
export const JAVA_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-java' });

/**
 * Parse Java source.
 *
 * @param source - File content.
 * @returns The syntax tree, free of errors.
 */
export function parseJava(source: string): Parser.Tree {
  return parseSource(JAVA_GRAMMAR, source, true);
}
