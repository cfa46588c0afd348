/**
 * The JSON analyzer: `.json` files (configuration, schemas, manifests) as object members.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

/** Analyzer for JSON documents. */
export const jsonAnalyzer: Analyzer = extensionAnalyzer({
  name: 'json',
  version: '1',
  extensions: ['.json'],
  analysis: async () => {
    const [{ parseJson }, { walkJson }] = await Promise.all([import('./json-parser.js'), import('./json-walker.js')]);
    return (path, source) => walkJson(parseJson(source), path);
  },
});
