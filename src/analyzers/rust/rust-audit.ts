/**
 * Rust documentation conventions (rustc's `missing_docs`, Clippy's `missing_errors_doc`): every public item has a doc
 * comment (RS001), and a public function returning `Result` has an `# Errors` section (RS002).
 *
 * @packageDocumentation
 */
import type { AuditFinding, SymbolRecord } from '../../core/model.js';

/** A symbol with what the audit needs beyond it. */
export interface AuditedItem {
  readonly symbol: SymbolRecord;
  /** The declared return type as written, or `null`. */
  readonly returns: string | null;
}

/**
 * Audit the public items of a file.
 *
 * @param items - Items in symbol order.
 * @returns Findings in symbol order.
 */
export function auditRust(items: readonly AuditedItem[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const { symbol, returns } of items) {
    if (!symbol.exported) continue;
    if (symbol.docstring === null) {
      findings.push(finding('RS001', symbol, `public ${symbol.kind} '${symbol.name}' has no doc comment`));
    } else if (
      returns !== null &&
      /^(?:[\w:]*::)?Result\b/.test(returns) &&
      !/^#+\s*Errors\s*$/m.test(symbol.docstring)
    ) {
      findings.push(
        finding('RS002', symbol, `'${symbol.name}' returns a Result but its docs have no '# Errors' section`),
      );
    }
  }
  return findings;
}

function finding(rule: string, symbol: SymbolRecord, message: string): AuditFinding {
  return { rule, line: symbol.startLine, symbol: symbol.qualifiedName, message };
}
