/**
 * The Python analysis of one file: native tree-sitter parse, one cursor walk, then name resolution and the NumPy
 * docstring audit over what the walk collected. Loaded on first use by python-analyzer.ts.
 *
 * @packageDocumentation
 */
import type { FileAnalysis } from '../../core/model.js';
import { auditPython } from './python-audit.js';
import { callSites, callableReferences } from './python-calls.js';
import { pythonModuleName } from './python-module.js';
import { parsePython } from './python-parser.js';
import { walkPython } from './python-walker.js';

/**
 * Analyze one Python file.
 *
 * @param path - Repository-relative path with `/` separators.
 * @param source - File content.
 * @param layout - The file's module root (`pythonModuleRoot`), `''` for the repository root.
 * @returns Symbols, call sites, callable references and findings.
 */
export function analyzePython(path: string, source: string, layout = ''): FileAnalysis {
  const tree = parsePython(source);
  const module = pythonModuleName(path, layout);
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
