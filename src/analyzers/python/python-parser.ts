/**
 * The native tree-sitter Python parser, loaded on first use and reused for every file of the thread.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import { AnalysisError } from '../../core/analyzer.js';

let parser: Parser | null = null;

/**
 * The thread's parser. Loading the native addons costs tens of milliseconds, so commands that never analyze Python
 * never pay it.
 *
 * @returns A parser set to the Python grammar.
 */
function pythonParser(): Parser {
  if (parser === null) {
    const require = createRequire(import.meta.url);
    const ParserClass = require('tree-sitter') as typeof Parser;
    const python = require('tree-sitter-python') as Parser.Language;
    const created = new ParserClass();
    created.setLanguage(python);
    parser = created;
  }
  return parser;
}

/**
 * Parse Python source, rejecting it when tree-sitter had to recover from a syntax error.
 *
 * @param source - File content.
 * @returns The syntax tree, free of ERROR and MISSING nodes.
 */
export function parsePython(source: string): Parser.Tree {
  // One read callback for the whole text instead of one per 32 KiB chunk.
  const tree = pythonParser().parse(source, null, { bufferSize: source.length + 1 });
  const root = tree.rootNode;
  if (root.hasError) throw new AnalysisError(`syntax error at line ${firstErrorLine(root)}`);
  return tree;
}

/**
 * 1-based line of the first ERROR or MISSING node in document order, descending only into subtrees with errors.
 *
 * @param root - Root of a tree that has errors.
 * @returns The line number.
 */
function firstErrorLine(root: Parser.SyntaxNode): number {
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
