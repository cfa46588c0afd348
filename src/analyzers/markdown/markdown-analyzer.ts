/**
 * The Markdown analyzer: `.md` and `.markdown` documents as sections, so `ctx` can land on documentation.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { parseMarkdown } from './markdown-parser.js';
import { walkMarkdown } from './markdown-walker.js';

const EXTENSIONS = Object.freeze(['.md', '.markdown']);

/** Analyzer for Markdown documents. */
export const markdownAnalyzer: Analyzer = Object.freeze({
  name: 'markdown',
  version: '1',
  extensions: EXTENSIONS,
  claims(path: string): boolean {
    const lower = path.toLowerCase();
    return EXTENSIONS.some((extension) => lower.endsWith(extension));
  },
  analyze(path: string, source: string): FileAnalysis {
    return walkMarkdown(parseMarkdown(source), source, path);
  },
});
