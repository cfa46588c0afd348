/**
 * Shell documentation conventions (Google Shell Style Guide, bash-completion's headers): a public function (name
 * not starting with `_`) has a comment header (SH001); a documented function that reads positional parameters says
 * what they are (SH002).
 *
 * @packageDocumentation
 */
import type { AuditFinding, SymbolRecord } from '../../core/model.js';
import { describesArguments } from './bash-docs.js';

/** A function with what the audit needs. */
export interface AuditedFunction {
  readonly symbol: SymbolRecord;
  /** Whether its body expands `$1`…`$9`, `$@` or `$*`. */
  readonly readsArguments: boolean;
}

/**
 * Audit the functions of a script.
 *
 * @param functions - Functions in symbol order.
 * @returns Findings in symbol order.
 */
export function auditBash(functions: readonly AuditedFunction[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const { symbol, readsArguments } of functions) {
    if (symbol.docstring === null) {
      if (symbol.exported)
        findings.push(finding('SH001', symbol, `public function '${symbol.name}' has no comment header`));
    } else if (readsArguments && !describesArguments(symbol.docstring)) {
      findings.push(
        finding('SH002', symbol, `header of '${symbol.name}' does not describe the arguments the function reads`),
      );
    }
  }
  return findings;
}

function finding(rule: string, symbol: SymbolRecord, message: string): AuditFinding {
  return { rule, line: symbol.startLine, symbol: symbol.qualifiedName, message };
}
