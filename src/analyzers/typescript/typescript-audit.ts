/**
 * TSDoc audit rules, applied to the facts the walker gathers per symbol so that `codira audit` only reads stored
 * findings:
 *
 * - TS001 missing doc comment on an exported declaration or a public method of an exported class;
 * - TS002 a parameter without `@param` (documented functions only; destructured parameters exempt);
 * - TS003 a `@param` that names no parameter;
 * - TS004 a function that returns a value without `@returns`.
 *
 * @packageDocumentation
 */
import type { AuditFinding, SymbolRecord } from '../../core/model.js';
import { readDocTags } from './typescript-docs.js';
import type { ParamFacts } from './typescript-syntax.js';

/** Return facts of one function body, filled in while the walker visits it. */
export interface FunctionState {
  /** Whether a `return <expr>` occurs in the function's own body (or it is an expression-bodied arrow). */
  returnsValue: boolean;
}

/** What the audit needs to know about a function-like symbol. */
export interface FunctionAudit {
  /** Parameters of the signature that carries the doc comment. */
  readonly params: ParamFacts;
  readonly state: FunctionState;
  /** Declared return type is `void`, `Promise<void>`, `never`, `undefined` or an assertion. */
  readonly voidReturn: boolean;
  /** `false` for constructors, getters and setters, which never need `@returns`. */
  readonly checkReturns: boolean;
}

/** One symbol under audit. */
export interface AuditSubject {
  readonly symbolIndex: number;
  /** How TS001 names the symbol when a doc comment is required (e.g. `exported function`), else `null`. */
  requiredAs: string | null;
  /** Raw doc comment text, or `null`. */
  readonly doc: string | null;
  /** Present for functions, methods and constructors. */
  readonly fn: FunctionAudit | null;
}

/**
 * Apply the TSDoc rules.
 *
 * @param subjects - Audit facts in symbol order.
 * @param symbols - The file's symbols (for qualified names, short names and lines).
 * @returns Findings in symbol order, rules in id order per symbol.
 */
export function auditSubjects(subjects: readonly AuditSubject[], symbols: readonly SymbolRecord[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const subject of subjects) {
    const symbol = symbols[subject.symbolIndex] as SymbolRecord;
    const at = (rule: string, message: string): void => {
      findings.push({ rule, line: symbol.startLine, symbol: symbol.qualifiedName, message });
    };
    if (subject.doc === null) {
      if (subject.requiredAs !== null) at('TS001', `${subject.requiredAs} '${symbol.name}' has no doc comment`);
      continue;
    }
    const fn = subject.fn;
    if (fn === null) continue;
    const tags = readDocTags(subject.doc);
    const documented = new Set(tags.params.map((name) => name.split('.')[0] as string));
    for (const name of fn.params.names) {
      if (!documented.has(name)) at('TS002', `parameter '${name}' has no @param`);
    }
    // Unmatched names may describe destructured parameters (`@param options`), so they are only reported when
    // every parameter has a name.
    if (fn.params.destructured === 0) {
      const known = new Set(fn.params.names);
      for (const name of documented) {
        if (!known.has(name)) at('TS003', `@param '${name}' names no parameter`);
      }
    }
    if (fn.checkReturns && fn.state.returnsValue && !fn.voidReturn && !tags.hasReturns) {
      at('TS004', 'returns a value but has no @returns');
    }
  }
  return findings;
}

/**
 * A getter/setter pair is one property: one doc comment on either accessor is enough, and a missing one is reported
 * once (on the first accessor).
 *
 * @param pairs - Audit subjects of the accessors of each property, in source order.
 */
export function settleAccessorPairs(pairs: Iterable<readonly AuditSubject[]>): void {
  for (const list of pairs) {
    const documented = list.some((subject) => subject.doc !== null);
    list.forEach((subject, k) => {
      if (documented || k > 0) subject.requiredAs = null;
    });
  }
}
