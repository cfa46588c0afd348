/**
 * The Go analyzer: `.go` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';
import { parseGo } from './go-parser.js';
import { walkGo } from './go-walker.js';

/** Analyzer for Go sources. */
export const goAnalyzer: Analyzer = extensionAnalyzer({
  name: 'go',
  version: '1',
  extensions: ['.go'],
  analyze: (path, source) => walkGo(parseGo(source), source, path),
});
