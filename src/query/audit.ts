/**
 * `audit`: documentation findings computed at index time by the analyzers, read back in one call.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import { compareText, escapeControl } from '../core/text.js';

/** One printed finding. */
export interface AuditEntry {
  /** Rule id, e.g. `PY001` or `TS002`. */
  readonly rule: string;
  readonly path: string;
  readonly line: number;
  /** Qualified name of the symbol concerned. */
  readonly symbol: string;
  readonly message: string;
}

/** Number of findings of one rule. */
export interface RuleCount {
  readonly rule: string;
  readonly count: number;
}

/** Result of `codira audit`. */
export interface AuditResult {
  readonly prefix: string | null;
  /** Number of findings. */
  readonly total: number;
  /** Findings per rule, ordered by rule id; rules without findings are absent. */
  readonly rules: readonly RuleCount[];
  /** Findings ordered by path, line, rule, symbol. */
  readonly findings: readonly AuditEntry[];
}

/**
 * Read the stored findings under a prefix and count them per rule.
 *
 * @param reader - Open read session.
 * @param pathPrefix - Optional literal path prefix.
 * @returns The findings and per-rule counts.
 */
export async function auditFindings(reader: ReadSession, pathPrefix?: string): Promise<AuditResult> {
  const rows = await reader.findings(pathPrefix);
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.rule, (counts.get(row.rule) ?? 0) + 1);
  const rules = [...counts.entries()]
    .map(([rule, count]) => ({ rule, count }))
    .sort((a, b) => compareText(a.rule, b.rule));
  return {
    prefix: pathPrefix ?? null,
    total: rows.length,
    rules,
    findings: rows.map((r) => ({ rule: r.rule, path: r.path, line: r.line, symbol: r.symbol, message: r.message })),
  };
}

/**
 * Render findings for people: one block per file with aligned `line rule symbol message` rows, then the per-rule
 * summary.
 *
 * @param result - Audit result.
 * @returns The text.
 */
export function renderAudit(result: AuditResult): string {
  if (result.total === 0) return `no findings${result.prefix ? ` under '${result.prefix}'` : ''}`;
  // A reduce, not Math.max(...spread): a large repository can have more findings than the argument limit.
  const width = (cell: (f: AuditEntry) => string): number =>
    result.findings.reduce((w, f) => Math.max(w, cell(f).length), 0);
  const lineWidth = width((f) => String(f.line));
  const ruleWidth = width((f) => f.rule);
  const symbolWidth = width((f) => f.symbol);
  const out: string[] = [];
  let current: string | null = null;
  for (const f of result.findings) {
    if (f.path !== current) {
      if (current !== null) out.push('');
      out.push(escapeControl(f.path));
      current = f.path;
    }
    out.push(
      `  ${String(f.line).padStart(lineWidth)}  ${f.rule.padEnd(ruleWidth)}  ${f.symbol.padEnd(symbolWidth)}  ${escapeControl(f.message)}`,
    );
  }
  const noun = result.total === 1 ? 'finding' : 'findings';
  out.push('', `${result.total} ${noun}: ${result.rules.map((r) => `${r.rule} ${r.count}`).join(', ')}`);
  return out.join('\n');
}
