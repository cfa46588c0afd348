/**
 * The documentation audit shared by C and C++: a documented function describes each parameter (rule `<P>001`) and,
 * when it returns a value, the return value (`<P>002`), in Doxygen (`@param`, `@return`) or kernel-doc (`@name:`,
 * `Return:`) style. `<P>` is `C` or `CPP`.
 *
 * @packageDocumentation
 */
import type { AuditFinding, SymbolRecord } from '../../core/model.js';
import { documentedParameters, documentsReturn } from './c-docs.js';

/** A function definition with what the audit needs. */
export interface AuditedFunction {
  readonly symbol: SymbolRecord;
  readonly parameters: readonly string[];
  readonly returnsValue: boolean;
}

/**
 * Audit the documented functions of a file.
 *
 * @param prefix - Rule prefix, `C` or `CPP`.
 * @param functions - Function definitions in symbol order.
 * @returns Findings in symbol order.
 */
export function auditDocumentedFunctions(prefix: string, functions: readonly AuditedFunction[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const { symbol, parameters, returnsValue } of functions) {
    const docstring = symbol.docstring;
    if (docstring === null) continue;
    const documented = documentedParameters(docstring);
    for (const name of parameters) {
      if (!documented.has(name)) {
        findings.push(finding(`${prefix}001`, symbol, `parameter '${name}' is not described in the doc comment`));
      }
    }
    if (returnsValue && !documentsReturn(docstring)) {
      findings.push(finding(`${prefix}002`, symbol, 'doc comment does not describe the return value'));
    }
  }
  return findings;
}

function finding(rule: string, symbol: SymbolRecord, message: string): AuditFinding {
  return { rule, line: symbol.startLine, symbol: symbol.qualifiedName, message };
}
