/**
 * The JSON grammar (`tree-sitter-json`, which also accepts the comments of JSONC files such as `tsconfig.json`),
 * loaded on first use. Parsing is strict: invalid JSON is reported as failed.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The JSON grammar package. */
export const JSON_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-json' });

/**
 * Parse a JSON document.
 *
 * @param source - File content.
 * @returns The syntax tree, free of errors.
 */
export function parseJson(source: string): Parser.Tree {
  return parseSource(JSON_GRAMMAR, source, true);
}
