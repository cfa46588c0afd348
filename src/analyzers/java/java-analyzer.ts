/**
 * The Java analyzer: `.java` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

/** Analyzer for Java sources. */
export const javaAnalyzer: Analyzer = extensionAnalyzer({
  name: 'java',
  version: '1',
  extensions: ['.java'],
  analysis: async () => {
    const [{ parseJava }, { walkJava }] = await Promise.all([import('./java-parser.js'), import('./java-walker.js')]);
    return (path, source) => walkJava(parseJava(source), source, path);
  },
});
