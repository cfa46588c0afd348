/**
 * The C++ grammar (`tree-sitter-cpp`), loaded on first use. Parsing is tolerant, as for C: export macros, attribute
 * macros and macro-generated namespaces defeat the grammar locally in most real headers.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The C++ grammar package. */
export const CPP_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-cpp' });

/**
 * Parse C++ source.
 *
 * @param source - File content.
 * @returns The syntax tree (possibly with recovered errors).
 */
export function parseCpp(source: string): Parser.Tree {
  return parseSource(CPP_GRAMMAR, source, false);
}
