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
 * How long one tree-sitter parse may run (wall time, as tree-sitter counts it) before the file fails. Some inputs
 * make a grammar's external scanner quadratic (tree-sitter-python rescans every following comment line at each
 * newline: 10,000 comment lines after a statement parse in ~4 s, 20,000 in ~17 s). Stopping the parse here keeps it
 * below the analysis host's per-file timeout (60 s by default): terminating a thread while it is inside the native
 * parse aborts the whole process, and a file that fails is reported, not fatal.
 */
export const PARSE_TIMEOUT_MS = 30_000;

/**
 * Parse a file.
 *
 * @param spec - The grammar.
 * @param source - File content.
 * @param strict - Whether a tree with ERROR or MISSING nodes makes the file fail.
 * @param timeoutMs - The parse's budget ({@link PARSE_TIMEOUT_MS}; tests pass less).
 * @returns The syntax tree.
 */
export function parseSource(
  spec: GrammarSpec,
  source: string,
  strict: boolean,
  timeoutMs: number = PARSE_TIMEOUT_MS,
): Parser.Tree {
  beforeParse(source.length);
  const parser = parserFor(spec);
  const micros = timeoutMs * 1000;
  if (parser.getTimeoutMicros() !== micros) parser.setTimeoutMicros(micros);
  // One read callback for the whole text instead of one per 32 KiB chunk.
  const tree = parser.parse(source, null, { bufferSize: source.length + 1 }) as Parser.Tree | null;
  if (tree === null) {
    // A stopped parse is kept for resumption: without a reset the next file would continue this one.
    parser.reset();
    throw new AnalysisError(`parse stopped after ${timeoutMs / 1000} s (input too costly for the grammar)`);
  }
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
