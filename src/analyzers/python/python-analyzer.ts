/**
 * The Python analyzer: native tree-sitter parse, one cursor walk, then name resolution and the NumPy docstring
 * audit over what the walk collected.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { CallSite, CallableReference, FileAnalysis } from '../../core/model.js';
import { auditPython } from './python-audit.js';
import { pythonModuleName } from './python-module.js';
import { parsePython } from './python-parser.js';
import { resolveName, type Resolution } from './python-scope.js';
import { walkPython, type RawUse, type WalkResult } from './python-walker.js';

/** Analyzer for `.py` files. */
export const pythonAnalyzer: Analyzer = Object.freeze({
  name: 'python',
  version: '1',
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
    calls: walk.calls.map(toCallSite),
    references: callableReferences(walk),
    findings: auditPython(walk),
  };
}

function toCallSite(use: RawUse): CallSite {
  const resolved = resolveName(use.text, use.scope);
  return {
    callerIndex: use.scope.symbolIndex,
    calleeText: use.text,
    targetHint: resolved?.hint ?? null,
    line: use.line,
  };
}

/**
 * Value uses that name a callable: definitions of this file, methods it defines (through `self`, `cls` or the
 * class), or imported names other than bare modules. Plain locals resolve to nothing and are dropped.
 *
 * @param walk - What the walk collected.
 * @returns The references in source order.
 */
function callableReferences(walk: WalkResult): CallableReference[] {
  const references: CallableReference[] = [];
  let defined: Set<string> | null = null;
  for (const use of walk.values) {
    const resolved = resolveName(use.text, use.scope);
    if (resolved === null || resolved.isModule) continue;
    if (resolved.via === 'member') {
      defined ??= new Set(walk.symbols.map((symbol) => symbol.qualifiedName));
      if (!defined.has(resolved.hint)) continue;
    }
    references.push(toReference(use, resolved));
  }
  return references;
}

function toReference(use: RawUse, resolved: Resolution): CallableReference {
  return { ownerIndex: use.scope.symbolIndex, targetText: use.text, targetHint: resolved.hint, line: use.line };
}
