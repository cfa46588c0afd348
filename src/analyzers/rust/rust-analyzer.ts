/**
 * The Rust analyzer: `.rs` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { parseRust } from './rust-parser.js';
import { walkRust } from './rust-walker.js';

/** Analyzer for Rust sources. */
export const rustAnalyzer: Analyzer = Object.freeze({
  name: 'rust',
  version: '1',
  extensions: Object.freeze(['.rs']),
  claims(path: string): boolean {
    return path.toLowerCase().endsWith('.rs');
  },
  analyze(path: string, source: string): FileAnalysis {
    return walkRust(parseRust(source), source, path);
  },
});
