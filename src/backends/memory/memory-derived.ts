/**
 * The memory backend's derived state and the reference implementation of it (`docs/architecture/index-semantics.md`,
 * "Derived state"): plain data, obviously correct, not fast; the SQL backends are checked against it.
 *
 * @packageDocumentation
 */
import { CALLABLE_KINDS, HINT_SEPARATOR, NAME_RESOLVABLE_KINDS, type SymbolKind } from '../../core/model.js';
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
  const byShortName = new Map<string, { id: number; qualifiedName: string; kind: string }[]>();
  for (const { symbol } of all) {
    if (!CALLABLE_KINDS.includes(symbol.kind)) continue;
    if (!byQualifiedName.has(symbol.qualifiedName)) byQualifiedName.set(symbol.qualifiedName, symbol.id);
    const named = byShortName.get(symbol.name) ?? [];
    named.push({ id: symbol.id, qualifiedName: symbol.qualifiedName, kind: symbol.kind });
    byShortName.set(symbol.name, named);
  }
  /** Rule 2: the only symbol under `prefix` named like the suffix's last segment whose qualified name ends with it. */
  const bySuffix = (prefix: string, suffix: string): number | null => {
    const dotted = suffix.includes('.');
    const matches = (byShortName.get(suffix.slice(suffix.lastIndexOf('.') + 1)) ?? []).filter(
      (s) =>
        (dotted || NAME_RESOLVABLE_KINDS.includes(s.kind as SymbolKind)) &&
        s.qualifiedName.startsWith(prefix) &&
        (s.qualifiedName === suffix || s.qualifiedName.endsWith(`.${suffix}`)),
    );
    return matches.length === 1 ? matches[0]!.id : null;
  };
  const resolve = (hint: string | null): number | null => {
    if (hint === null) return null;
    for (const candidate of hint.split(HINT_SEPARATOR)) {
      const star = candidate.indexOf('*');
      const id =
        star < 0
          ? (byQualifiedName.get(candidate) ?? null)
          : bySuffix(candidate.slice(0, star), candidate.slice(star + 1));
      if (id !== null) return id;
    }
    return null;
  };
  const callers = new Map<number, Set<number>>();
  const targets = new Map<number, Set<number>>();
  for (const f of files) {
    for (const call of f.calls) {
      call.targetId = resolve(call.targetHint);
      if (call.targetId === null) continue;
      const callerId = f.symbols[call.callerIndex]!.id;
      if (!callers.has(call.targetId)) callers.set(call.targetId, new Set());
      callers.get(call.targetId)!.add(callerId);
      if (!targets.has(callerId)) targets.set(callerId, new Set());
      targets.get(callerId)!.add(call.targetId);
    }
    for (const reference of f.references) reference.targetId = resolve(reference.targetHint);
  }
  for (const { symbol } of all) {
    symbol.fanIn = callers.get(symbol.id)?.size ?? 0;
    symbol.fanOut = targets.get(symbol.id)?.size ?? 0;
  }
}
