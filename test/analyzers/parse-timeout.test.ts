import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../src/core/analyzer.js';
import { parsePython, PYTHON_GRAMMAR } from '../../src/analyzers/python/python-parser.js';
import { parseSource, PARSE_TIMEOUT_MS } from '../../src/analyzers/tree-sitter/syntax-tree.js';

// tree-sitter-python's scanner rescans the following comment lines at every newline after a statement: 6,000 such
// lines take seconds to parse, far above the 50 ms budget given below.
const costly = `value_0 = 0\n${'# filler\n'.repeat(6000)}`;

describe('tree-sitter parse budget', () => {
  it('stays below the analysis host file timeout', () => {
    expect(PARSE_TIMEOUT_MS).toBeLessThan(60_000);
    expect(PARSE_TIMEOUT_MS).toBeGreaterThanOrEqual(10_000);
  });

  it('fails a parse over its budget as an analysis error, not a hang', () => {
    expect(() => parseSource(PYTHON_GRAMMAR, costly, true, 50)).toThrow(AnalysisError);
    expect(() => parseSource(PYTHON_GRAMMAR, costly, true, 50)).toThrow(/parse stopped after 0.05 s/);
  });

  it('starts the next file afresh after a stopped parse', () => {
    expect(() => parseSource(PYTHON_GRAMMAR, costly, true, 50)).toThrow(AnalysisError);
    const tree = parsePython('x = 1\ny = 2\n');
    // A parser resumed from the stopped parse would return the costly file's comments here.
    expect(tree.rootNode.toString()).toBe(
      '(module (expression_statement (assignment left: (identifier) right: (integer))) ' +
        '(expression_statement (assignment left: (identifier) right: (integer))))',
    );
  });
});
