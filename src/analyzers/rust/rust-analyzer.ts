/**
 * The Rust analyzer: `.rs` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';
import { parseRust } from './rust-parser.js';
import { walkRust } from './rust-walker.js';

/** Analyzer for Rust sources. */
export const rustAnalyzer: Analyzer = extensionAnalyzer({
  name: 'rust',
  version: '1',
  extensions: ['.rs'],
  analyze: (path, source) => walkRust(parseRust(source), source, path),
});
