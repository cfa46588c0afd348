/**
 * The Go analyzer: `.go` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

/** Analyzer for Go sources. */
export const goAnalyzer: Analyzer = extensionAnalyzer({
  name: 'go',
  version: '1',
  extensions: ['.go'],
  analysis: async () => {
    const [{ parseGo }, { walkGo }] = await Promise.all([import('./go-parser.js'), import('./go-walker.js')]);
    return (path, source) => walkGo(parseGo(source), source, path);
  },
});
