/**
 * Parsing with a tree-sitter grammar and the syntax-error policy: strict languages reject a file whose tree needed
 * error recovery; tolerant ones (C and C++, where unexpanded macros routinely defeat the grammar) keep the
 * well-formed parts.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { AnalysisError } from '../../core/analyzer.js';
import { parserFor, type GrammarSpec } from './grammar-loader.js';
import { beforeParse } from './tree-memory.js';

/**
 * Parse a file.
 *
 * @param spec - The grammar.
 * @param source - File content.
 * @param strict - Whether a tree with ERROR or MISSING nodes makes the file fail.
 * @returns The syntax tree.
 */
export function parseSource(spec: GrammarSpec, source: string, strict: boolean): Parser.Tree {
  beforeParse(source.length);
  // One read callback for the whole text instead of one per 32 KiB chunk.
  const tree = parserFor(spec).parse(source, null, { bufferSize: source.length + 1 });
  if (strict && tree.rootNode.hasError) {
    throw new AnalysisError(`syntax error at line ${firstErrorLine(tree.rootNode)}`);
  }
  return tree;
}

/**
 * 1-based line of the first ERROR or MISSING node in document order, descending only into subtrees with errors.
 *
 * @param root - Root of a tree that has errors.
 * @returns The line number.
 */
export function firstErrorLine(root: Parser.SyntaxNode): number {
  let node = root;
  descend: for (;;) {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.isError || child.isMissing) return child.startPosition.row + 1;
      if (child.hasError) {
        node = child;
        continue descend;
      }
    }
    return node.startPosition.row + 1;
  }
}
