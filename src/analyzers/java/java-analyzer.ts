/**
 * The Java analyzer: `.java` files.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';
import { parseJava } from './java-parser.js';
import { walkJava } from './java-walker.js';

/** Analyzer for Java sources. */
export const javaAnalyzer: Analyzer = extensionAnalyzer({
  name: 'java',
  version: '1',
  extensions: ['.java'],
  analyze: (path, source) => walkJava(parseJava(source), source, path),
});
