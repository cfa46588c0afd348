/**
 * The Rust grammar (`tree-sitter-rust`), loaded on first use. Parsing is strict: macro bodies are token trees the
 * grammar does not interpret, so an error is a file that does not compile.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { GrammarSpec } from '../tree-sitter/grammar-loader.js';
import { parseSource } from '../tree-sitter/syntax-tree.js';

/** The Rust grammar package. */
export const RUST_GRAMMAR: GrammarSpec = Object.freeze({ package: 'tree-sitter-rust' });

/**
 * Parse Rust source.
 *
 * @param source - File content.
 * @returns The syntax tree, free of errors.
 */
export function parseRust(source: string): Parser.Tree {
  return parseSource(RUST_GRAMMAR, source, true);
}
