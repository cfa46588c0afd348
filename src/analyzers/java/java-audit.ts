/**
 * Javadoc conventions (javadoc's doclint): public types and members are documented (JV001); a documented method or
 * constructor has an `@param` for each parameter (JV002) and, when it returns a value, an `@return` (JV003).
 * Overriding methods (`@Override`) inherit their documentation and are not audited.
 *
 * @packageDocumentation
 */
import type { AuditFinding, SymbolRecord } from '../../core/model.js';
import { documentedParameters, documentsReturn } from './java-docs.js';

/** A declaration with what the audit needs beyond its symbol. */
export interface AuditedDeclaration {
  readonly symbol: SymbolRecord;
  /** Parameter names, for methods and constructors; `null` for types. */
  readonly parameters: readonly string[] | null;
  readonly returnsValue: boolean;
  readonly overrides: boolean;
}

/**
 * Audit the declarations of a file.
 *
 * @param declarations - Declarations in symbol order.
 * @returns Findings in symbol order.
 */
export function auditJava(declarations: readonly AuditedDeclaration[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const { symbol, parameters, returnsValue, overrides } of declarations) {
    if (overrides) continue;
    const docstring = symbol.docstring;
    if (docstring === null) {
      if (symbol.exported)
        findings.push(finding('JV001', symbol, `public ${symbol.kind} '${symbol.name}' has no Javadoc`));
      continue;
    }
    if (parameters === null) continue;
    const documented = documentedParameters(docstring);
    for (const name of parameters) {
      if (!documented.has(name)) findings.push(finding('JV002', symbol, `parameter '${name}' has no @param`));
    }
    if (returnsValue && !documentsReturn(docstring))
      findings.push(finding('JV003', symbol, 'returns a value but has no @return'));
  }
  return findings;
}

function finding(rule: string, symbol: SymbolRecord, message: string): AuditFinding {
  return { rule, line: symbol.startLine, symbol: symbol.qualifiedName, message };
}
