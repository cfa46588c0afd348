/**
 * The Markdown analyzer: `.md` and `.markdown` documents as sections, so `ctx` can land on documentation.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

/** Analyzer for Markdown documents. */
export const markdownAnalyzer: Analyzer = extensionAnalyzer({
  name: 'markdown',
  version: '1',
  extensions: ['.md', '.markdown'],
  analysis: async () => {
    const [{ parseMarkdown }, { walkMarkdown }] = await Promise.all([
      import('./markdown-parser.js'),
      import('./markdown-walker.js'),
    ]);
    return (path, source) => walkMarkdown(parseMarkdown(source), source, path);
  },
});
