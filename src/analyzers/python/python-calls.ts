/**
 * Call sites and callable references of a Python file, resolved once the walk has seen every definition and import:
 * each raw use gets the qualified target hint its name resolves to in its scope.
 *
 * @packageDocumentation
 */
import type { CallSite, CallableReference } from '../../core/model.js';
import { resolveName, type Resolution } from './python-scope.js';
import type { RawUse, WalkResult } from './python-walker.js';

/**
 * Every call of the file, with the hint its callee resolves to (or `null`).
 *
 * @param walk - What the walk collected.
 * @returns The call sites in source order.
 */
export function callSites(walk: WalkResult): CallSite[] {
  return walk.calls.map(toCallSite);
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
export function callableReferences(walk: WalkResult): CallableReference[] {
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
