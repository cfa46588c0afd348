/**
 * The Go analyzer: `.go` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { parseGo } from './go-parser.js';
import { walkGo } from './go-walker.js';

/** Analyzer for Go sources. */
export const goAnalyzer: Analyzer = Object.freeze({
  name: 'go',
  version: '1',
  extensions: Object.freeze(['.go']),
  claims(path: string): boolean {
    return path.toLowerCase().endsWith('.go');
  },
  analyze(path: string, source: string): FileAnalysis {
    return walkGo(parseGo(source), source, path);
  },
});
