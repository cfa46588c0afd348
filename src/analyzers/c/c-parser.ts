/**
 * The C grammar (`tree-sitter-c`), loaded on first use. Parsing is tolerant: unexpanded macros put ERROR nodes into
 * most real C files, and the definitions around them are still sound.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';
import { blankAttributeMacros } from './c-attribute-macros.js';

/** The C grammar package. */
export const C_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-c' });

/**
 * Parse C source, attribute macros blanked (offsets and lines unchanged, so the walker slices the original text).
 *
 * @param source - File content.
 * @returns The syntax tree (possibly with recovered errors).
 */
export function parseC(source: string): Parser.Tree {
  return parseSource(C_GRAMMAR, blankAttributeMacros(source), false);
}
