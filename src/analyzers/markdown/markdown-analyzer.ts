/**
 * The Markdown analyzer: `.md` and `.markdown` documents as sections, so `ctx` can land on documentation.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';
import { parseMarkdown } from './markdown-parser.js';
import { walkMarkdown } from './markdown-walker.js';

/** Analyzer for Markdown documents. */
export const markdownAnalyzer: Analyzer = extensionAnalyzer({
  name: 'markdown',
  version: '1',
  extensions: ['.md', '.markdown'],
  analyze: (path, source) => walkMarkdown(parseMarkdown(source), source, path),
});
