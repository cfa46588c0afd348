/**
 * NumPy-style documentation audit of one Python file (rules PY001–PY007), computed at index time.
 *
 * @packageDocumentation
 */
import type { AuditFinding, SymbolRecord } from '../../core/model.js';
import { isStubBody, type DefinitionFacts } from './python-definitions.js';
import { documentedNames, numpySections, type NumpySections } from './python-docs.js';

/** Input of {@link auditPython}. */
export interface AuditInput {
  readonly symbols: readonly SymbolRecord[];
  readonly definitions: readonly DefinitionFacts[];
  /** Whether the module has statements (an empty `__init__.py` needs no docstring). */
  readonly hasStatements: boolean;
}

/**
 * Audit the docstrings of a file.
 *
 * @param input - Symbols and definition facts from the walk.
 * @returns Findings in symbol order.
 */
export function auditPython(input: AuditInput): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const module = input.symbols[0];
  if (module && module.exported && module.docstring === null && input.hasStatements) {
    findings.push(finding('PY001', module, `public module '${module.name}' has no docstring`));
  }
  for (const facts of input.definitions) {
    const symbol = input.symbols[facts.symbolIndex];
    if (symbol === undefined) continue;
    const decorators = facts.header.decorators.map(lastSegment);
    if (symbol.docstring === null) {
      if (symbol.exported && !decorators.includes('overload') && !isAccessorDecorated(decorators)) {
        findings.push(finding('PY001', symbol, `public ${symbol.kind} '${symbol.name}' has no docstring`));
      }
      continue;
    }
    if (facts.kind !== 'class') auditFunction(facts, symbol, decorators, input.symbols, findings);
  }
  return findings;
}

function auditFunction(
  facts: DefinitionFacts,
  symbol: SymbolRecord,
  decorators: readonly string[],
  symbols: readonly SymbolRecord[],
  findings: AuditFinding[],
): void {
  const sections = numpySections(symbol.docstring ?? '');
  const parameters = documentableParameters(facts, decorators);
  const documented = parameterSection(facts, sections, symbols);
  if (parameters.length > 0 && documented === null) {
    findings.push(
      finding('PY002', symbol, `docstring has no Parameters section (parameters: ${parameters.join(', ')})`),
    );
  } else if (documented !== null) {
    for (const name of parameters) {
      if (!documented.has(name)) findings.push(finding('PY003', symbol, `parameter '${name}' is not documented`));
    }
  }
  const hasYields = sections.has('yields');
  const hasReturns = sections.has('returns');
  if (hasYields && !facts.yields) {
    findings.push(finding('PY004', symbol, 'docstring has a Yields section but the function is not a generator'));
  }
  if (facts.yields && !hasYields) {
    findings.push(finding('PY005', symbol, 'generator docstring has no Yields section'));
  }
  if (hasReturns && !facts.returnsValue && facts.header.body !== null && !isStubBody(facts.header.body())) {
    findings.push(finding('PY006', symbol, 'docstring has a Returns section but the function never returns a value'));
  }
  const isProperty = decorators.includes('property') || decorators.includes('cached_property');
  if (facts.returnsValue && !hasReturns && !facts.yields && symbol.name !== '__init__' && !isProperty) {
    findings.push(finding('PY007', symbol, 'function returns a value but the docstring has no Returns section'));
  }
}

/**
 * Parameters that need documentation: `self`/`cls` of methods (not static ones) excluded.
 *
 * @param facts - The function.
 * @param decorators - Its decorators' last name segments.
 * @returns Parameter names in order.
 */
function documentableParameters(facts: DefinitionFacts, decorators: readonly string[]): readonly string[] {
  const parameters = facts.header.parameters;
  const bound = facts.kind === 'method' && !decorators.includes('staticmethod');
  return bound ? parameters.slice(1) : parameters;
}

/**
 * Names documented for a function: its `Parameters` and `Other Parameters` sections, and for `__init__` also the
 * class docstring's (NumPy style documents constructor parameters on the class).
 *
 * @param facts - The function.
 * @param sections - Sections of its docstring.
 * @param symbols - All symbols of the file (for the class docstring).
 * @returns The documented names, or `null` when there is no `Parameters` section at all.
 */
function parameterSection(
  facts: DefinitionFacts,
  sections: NumpySections,
  symbols: readonly SymbolRecord[],
): Set<string> | null {
  const lists = [sections.get('parameters'), sections.get('other parameters')];
  let hasSection = sections.has('parameters');
  if (facts.classIndex !== null && facts.header.name === '__init__') {
    const classSections = numpySections(symbols[facts.classIndex]?.docstring ?? '');
    lists.push(classSections.get('parameters'), classSections.get('other parameters'));
    hasSection ||= classSections.has('parameters');
  }
  if (!hasSection) return null;
  const names = new Set<string>();
  for (const lines of lists) if (lines) for (const name of documentedNames(lines)) names.add(name);
  return names;
}

/**
 * `@x.setter` / `@x.deleter` complete a documented property; they carry no docstring of their own.
 *
 * @param decorators - Decorators' last name segments.
 * @returns Whether the definition is a property accessor.
 */
function isAccessorDecorated(decorators: readonly string[]): boolean {
  return decorators.includes('setter') || decorators.includes('deleter');
}

function lastSegment(decorator: string): string {
  return decorator.slice(decorator.lastIndexOf('.') + 1);
}

function finding(rule: string, symbol: SymbolRecord, message: string): AuditFinding {
  return { rule, line: symbol.startLine, symbol: symbol.qualifiedName, message };
}
