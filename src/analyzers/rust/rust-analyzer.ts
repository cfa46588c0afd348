/**
 * The Rust analyzer: `.rs` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

/** Analyzer for Rust sources. */
export const rustAnalyzer: Analyzer = extensionAnalyzer({
  name: 'rust',
  version: '1',
  extensions: ['.rs'],
  analysis: async () => {
    const [{ parseRust }, { walkRust }] = await Promise.all([import('./rust-parser.js'), import('./rust-walker.js')]);
    return (path, source) => walkRust(parseRust(source), source, path);
  },
});
