/**
 * The Python grammar (`tree-sitter-python`), loaded on first use and reused for every file of the thread. Parsing
 * is strict: a file tree-sitter had to recover is reported as failed.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The Python grammar package. */
export const PYTHON_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-python' });

/**
 * Parse Python source, rejecting it when tree-sitter had to recover from a syntax error.
 *
 * @param source - File content.
 * @returns The syntax tree, free of ERROR and MISSING nodes.
 */
export function parsePython(source: string): Parser.Tree {
  return parseSource(PYTHON_GRAMMAR, source, true);
}
