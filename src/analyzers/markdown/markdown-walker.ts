/**
 * The Markdown walk: each heading is a `section` symbol spanning to the next heading of the same or a higher level,
 * documented by its own text; the text before the first heading documents the module.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { FileAnalysis, SymbolRecord } from '../../core/model.js';
import { queryFor } from '../tree-sitter/grammar-loader.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { collectTags } from '../tree-sitter/query-tags.js';
import { headingAnchor, headingLevel, MARKDOWN_TAGS_QUERY } from './markdown-definitions.js';
import { sectionText } from './markdown-docs.js';
import { MARKDOWN_GRAMMAR } from './markdown-parser.js';

/**
 * Walk a parsed Markdown document.
 *
 * @param tree - Its block syntax tree.
 * @param source - File content.
 * @param path - Repository-relative path: the module name.
 * @returns The file's analysis (sections only).
 */
export function walkMarkdown(tree: Parser.Tree, source: string, path: string): FileAnalysis {
  const root = tree.rootNode;
  const lines = source.split('\n');
  const headings = collectTags(queryFor(MARKDOWN_GRAMMAR, MARKDOWN_TAGS_QUERY), root).map((tag) => ({
    tag,
    level: headingLevel(tag.node),
    // Setext headings start at their text; the underline is the heading's last line.
    line: tag.node.startPosition.row,
    bodyStart: tag.node.endPosition.row + (tag.node.endPosition.column > 0 ? 1 : 0),
  }));
  const module = moduleSymbol(path, root, sectionText(lines, 0, headings[0]?.line ?? lines.length));
  const symbols: SymbolRecord[] = [module];
  const used = new Map<string, number>();
  headings.forEach((heading, index) => {
    const text = (heading.tag.parts['content']?.text ?? '')
      .replace(/\s+#+\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const next = headings.slice(index + 1).find((other) => other.level <= heading.level);
    const lastLine = next === undefined ? module.endLine : next.line;
    symbols.push({
      qualifiedName: `${path}#${headingAnchor(text, used)}`,
      name: text,
      kind: 'section',
      startLine: heading.line + 1,
      endLine: Math.max(heading.line + 1, lastLine),
      signature: `${'#'.repeat(heading.level)} ${text}`,
      docstring: sectionText(lines, heading.bodyStart, headings[index + 1]?.line ?? lines.length),
      exported: true,
    });
  });
  return { language: 'markdown', module: path, symbols, calls: [], references: [], findings: [] };
}
