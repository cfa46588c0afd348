/**
 * The memory backend's derived state and the reference implementation of it (`docs/architecture/index-semantics.md`,
 * "Derived state"): plain data, obviously correct, not fast; the SQL backends are checked against it. Hints are
 * answered by the reference resolver (`src/core/resolver.ts`).
 *
 * @packageDocumentation
 */
import { EXPORT_HOPS } from '../../core/module-exports.js';
import { hintKeys, slotTypeKeys, symbolKeys } from '../../core/resolution-keys.js';
import { createResolver } from '../../core/resolver.js';
import type { MemoryFile } from './memory-schema.js';

/** What an incremental run changed: the rows it removed and the files it stored. */
export interface MemoryRunChange {
  /** Previous rows of the run's changed and deleted paths. */
  readonly gone: readonly MemoryFile[];
  /** Files stored by this run (their edges are always resolved). */
  readonly fresh: ReadonlySet<MemoryFile>;
}

/**
 * The keys whose symbols a run added or removed, plus the keys of every holder whose slot types name one of them
 * (`docs/architecture/index-semantics.md`, "What an incremental run re-resolves").
 *
 * @param files - All stored files after the run.
 * @param change - What the run changed.
 * @returns The affected keys.
 */
function affectedKeys(files: readonly MemoryFile[], change: MemoryRunChange): Set<string> {
  const touched = new Set<string>();
  for (const f of [...change.gone, ...change.fresh]) {
    for (const s of f.symbols) for (const key of symbolKeys(s.name, s.qualifiedName)) touched.add(key);
  }
  const affected = new Set(touched);
  const holders = files.flatMap((f) => f.symbols).filter((s) => s.slotTypes !== undefined);
  const addHolders = (naming: ReadonlySet<string>, modulesOnly: boolean): void => {
    for (const s of holders) {
      if (modulesOnly && s.kind !== 'module') continue;
      if (!slotTypeKeys(s.slotTypes!).some((key) => naming.has(key))) continue;
      for (const key of symbolKeys(s.name, s.qualifiedName)) affected.add(key);
    }
  };
  addHolders(touched, false);
  // A chain of barrels: a module whose export table names an affected module is affected in turn (rule 1c).
  for (let round = 1; round < EXPORT_HOPS; round++) addHolders(new Set(affected), true);
  return affected;
}

/**
 * Resolve calls and references and recompute fan-in/fan-out, following the semantics page literally. With `change`
 * (an incremental run), only the run's own edges and those whose hint has an affected key are re-resolved; the rest
 * keep their target, which must then equal what a full resolution gives.
 *
 * @param files - All stored files; mutated in place.
 * @param change - What an incremental run changed; omitted for a full resolution.
 */
export function rebuildDerivedState(files: readonly MemoryFile[], change?: MemoryRunChange): void {
  const affected = change === undefined ? null : affectedKeys(files, change);
  const stale = (file: MemoryFile, hint: string | null): boolean =>
    affected === null || change!.fresh.has(file) || (hint !== null && hintKeys(hint).some((k) => affected.has(k)));
  const resolve = createResolver(files.flatMap((f) => f.symbols.map((symbol) => ({ ...symbol, path: f.file.path }))));
  const callers = new Map<number, Set<number>>();
  const targets = new Map<number, Set<number>>();
  for (const f of files) {
    for (const call of f.calls) {
      if (stale(f, call.targetHint)) call.targetId = resolve(call.targetHint);
      if (call.targetId === null) continue;
      const callerId = f.symbols[call.callerIndex]!.id;
      if (!callers.has(call.targetId)) callers.set(call.targetId, new Set());
      callers.get(call.targetId)!.add(callerId);
      if (!targets.has(callerId)) targets.set(callerId, new Set());
      targets.get(callerId)!.add(call.targetId);
    }
    for (const reference of f.references) {
      if (stale(f, reference.targetHint)) reference.targetId = resolve(reference.targetHint);
    }
  }
  for (const symbol of files.flatMap((f) => f.symbols)) {
    symbol.fanIn = callers.get(symbol.id)?.size ?? 0;
    symbol.fanOut = targets.get(symbol.id)?.size ?? 0;
  }
}
