/**
 * The Python analyzer: native tree-sitter parse, one cursor walk, then name resolution and the NumPy docstring
 * audit over what the walk collected.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { auditPython } from './python-audit.js';
import { callSites, callableReferences } from './python-calls.js';
import { pythonModuleName } from './python-module.js';
import { parsePython } from './python-parser.js';
import { walkPython } from './python-walker.js';

/** Analyzer for `.py` files. */
export const pythonAnalyzer: Analyzer = Object.freeze({
  name: 'python',
  version: '2',
  extensions: Object.freeze(['.py']),
  claims(path: string): boolean {
    return path.toLowerCase().endsWith('.py');
  },
  analyze(path: string, source: string): FileAnalysis {
    return analyzePython(path, source);
  },
});

/**
 * Analyze one Python file.
 *
 * @param path - Repository-relative path with `/` separators.
 * @param source - File content.
 * @returns Symbols, call sites, callable references and findings.
 */
export function analyzePython(path: string, source: string): FileAnalysis {
  const tree = parsePython(source);
  const module = pythonModuleName(path);
  const walk = walkPython(tree, source, path, module);
  return {
    language: 'python',
    module,
    symbols: walk.symbols,
    calls: callSites(walk),
    references: callableReferences(walk),
    findings: auditPython(walk),
  };
}
