/**
 * Go documentation conventions (Effective Go, `go vet`/golint's comment checks): every exported declaration has a
 * doc comment (GO001), and the comment begins with the declared name (GO002; "A", "An" or "The" may precede it).
 * Test files are not audited.
 *
 * @packageDocumentation
 */
import type { AuditFinding, SymbolRecord } from '../../core/model.js';

/**
 * Audit the exported declarations of a file.
 *
 * @param path - Repository-relative path.
 * @param symbols - The file's symbols (module first).
 * @returns Findings in symbol order.
 */
export function auditGo(path: string, symbols: readonly SymbolRecord[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  if (path.endsWith('_test.go')) return findings;
  for (const symbol of symbols.slice(1)) {
    if (!symbol.exported) continue;
    if (symbol.docstring === null) {
      findings.push(finding('GO001', symbol, `exported ${symbol.kind} '${symbol.name}' has no doc comment`));
    } else if (!startsWithName(symbol.docstring, symbol.name)) {
      findings.push(finding('GO002', symbol, `doc comment of '${symbol.name}' should start with its name`));
    }
  }
  return findings;
}

function startsWithName(docstring: string, name: string): boolean {
  const words = docstring.replace(/^(?:A|An|The)\s+/, '');
  return words.startsWith(name) && !/^[\w]/.test(words.slice(name.length));
}

function finding(rule: string, symbol: SymbolRecord, message: string): AuditFinding {
  return { rule, line: symbol.startLine, symbol: symbol.qualifiedName, message };
}
