/**
 * The JSON analyzer: `.json` files (configuration, schemas, manifests) as object members.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';
import { parseJson } from './json-parser.js';
import { walkJson } from './json-walker.js';

/** Analyzer for JSON documents. */
export const jsonAnalyzer: Analyzer = extensionAnalyzer({
  name: 'json',
  version: '1',
  extensions: ['.json'],
  analyze: (path, source) => walkJson(parseJson(source), path),
});
