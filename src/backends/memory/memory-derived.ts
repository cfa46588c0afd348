/**
 * The memory backend's derived state and the reference implementation of it (`docs/architecture/index-semantics.md`,
 * "Derived state"): plain data, obviously correct, not fast; the SQL backends are checked against it.
 *
 * @packageDocumentation
 */
import { CALLABLE_KINDS, NAME_RESOLVABLE_KINDS } from '../../core/model.js';
import { compareSymbols } from '../../core/text.js';
import type { MemoryFile } from './memory-schema.js';

/**
 * Resolve every call and reference and recompute fan-in/fan-out, following the semantics page literally.
 *
 * @param files - All stored files; mutated in place.
 */
export function rebuildDerivedState(files: readonly MemoryFile[]): void {
  const all = files.flatMap((f) => f.symbols.map((symbol) => ({ symbol, path: f.file.path })));
  all.sort((a, b) => compareSymbols({ ...a.symbol, path: a.path }, { ...b.symbol, path: b.path }));
  const byQualifiedName = new Map<string, number>();
  const byShortName = new Map<string, number[]>();
  for (const { symbol } of all) {
    if (CALLABLE_KINDS.includes(symbol.kind) && !byQualifiedName.has(symbol.qualifiedName)) {
      byQualifiedName.set(symbol.qualifiedName, symbol.id);
    }
    if (NAME_RESOLVABLE_KINDS.includes(symbol.kind)) {
      const ids = byShortName.get(symbol.name) ?? [];
      ids.push(symbol.id);
      byShortName.set(symbol.name, ids);
    }
  }
  const resolve = (text: string, hint: string | null): number | null => {
    if (hint !== null && byQualifiedName.has(hint)) return byQualifiedName.get(hint)!;
    if (!text.includes('.')) {
      const candidates = byShortName.get(text);
      if (candidates && candidates.length === 1) return candidates[0]!;
    }
    return null;
  };
  const callers = new Map<number, Set<number>>();
  const targets = new Map<number, Set<number>>();
  for (const f of files) {
    for (const call of f.calls) {
      call.targetId = resolve(call.calleeText, call.targetHint);
      if (call.targetId === null) continue;
      const callerId = f.symbols[call.callerIndex]!.id;
      if (!callers.has(call.targetId)) callers.set(call.targetId, new Set());
      callers.get(call.targetId)!.add(callerId);
      if (!targets.has(callerId)) targets.set(callerId, new Set());
      targets.get(callerId)!.add(call.targetId);
    }
    for (const reference of f.references) reference.targetId = resolve(reference.targetText, reference.targetHint);
  }
  for (const { symbol } of all) {
    symbol.fanIn = callers.get(symbol.id)?.size ?? 0;
    symbol.fanOut = targets.get(symbol.id)?.size ?? 0;
  }
}
