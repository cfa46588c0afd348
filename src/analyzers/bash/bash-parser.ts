/**
 * The Bash grammar (`tree-sitter-bash`), loaded on first use. Parsing is tolerant: the grammar does not cover every
 * valid construct (extended globs such as `@(a|b)` in `[[ ]]`, some regular expressions), and bash runs those
 * scripts, so the functions around a recovered region are kept; 62 of bash-completion's 702 scripts need it.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The Bash grammar package. */
export const BASH_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-bash' });

/**
 * Parse a shell script.
 *
 * @param source - File content.
 * @returns The syntax tree (possibly with recovered errors).
 */
export function parseBash(source: string): Parser.Tree {
  return parseSource(BASH_GRAMMAR, source, false);
}
