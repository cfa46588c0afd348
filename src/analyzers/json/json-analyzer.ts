/**
 * The JSON analyzer: `.json` files (configuration, schemas, manifests) as object members.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { parseJson } from './json-parser.js';
import { walkJson } from './json-walker.js';

/** Analyzer for JSON documents. */
export const jsonAnalyzer: Analyzer = Object.freeze({
  name: 'json',
  version: '1',
  extensions: Object.freeze(['.json']),
  claims(path: string): boolean {
    return path.toLowerCase().endsWith('.json');
  },
  analyze(path: string, source: string): FileAnalysis {
    return walkJson(parseJson(source), path);
  },
});
