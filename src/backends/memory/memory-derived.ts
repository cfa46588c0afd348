/**
 * The memory backend's derived state and the reference implementation of it (`docs/architecture/index-semantics.md`,
 * "Derived state"): plain data, obviously correct, not fast; the SQL backends are checked against it.
 *
 * @packageDocumentation
 */
import {
  CALLABLE_KINDS,
  DEFERRED_SEPARATOR,
  HINT_SEPARATOR,
  LIST_SEPARATOR,
  NAME_RESOLVABLE_HOLDER_KINDS,
  NAME_RESOLVABLE_KINDS,
  SLOT_HOLDER_KINDS,
  VALUE_KIND,
  VALUE_PREFIX,
  type SymbolKind,
} from '../../core/model.js';
import { EXPORT_HOPS, rewriteThroughExports, slotEntry } from '../../core/module-exports.js';
import { hintKeys, slotTypeKeys, symbolKeys } from '../../core/resolution-keys.js';
import { compareSymbols } from '../../core/text.js';
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
  const all = files.flatMap((f) => f.symbols.map((symbol) => ({ symbol, path: f.file.path })));
  all.sort((a, b) => compareSymbols({ ...a.symbol, path: a.path }, { ...b.symbol, path: b.path }));
  const slotTypes = new Map<number, string>();
  for (const { symbol } of all) if (symbol.slotTypes !== undefined) slotTypes.set(symbol.id, symbol.slotTypes);
  /** Rules 1 and 2 among the callable kinds (`holders`: and variables, for the callee part of a deferred candidate). */
  const answerer = (holders: boolean): ((candidate: string) => number | null) => {
    const kinds = holders ? SLOT_HOLDER_KINDS : CALLABLE_KINDS;
    const nameKinds = holders ? NAME_RESOLVABLE_HOLDER_KINDS : NAME_RESOLVABLE_KINDS;
    const byQualifiedName = new Map<string, number>();
    const byShortName = new Map<string, { id: number; qualifiedName: string; kind: SymbolKind }[]>();
    for (const { symbol } of all) {
      if (!kinds.includes(symbol.kind)) continue;
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
          (dotted || nameKinds.includes(s.kind)) &&
          s.qualifiedName.startsWith(prefix) &&
          (s.qualifiedName === suffix || s.qualifiedName.endsWith(`.${suffix}`)),
      );
      return matches.length === 1 ? matches[0]!.id : null;
    };
    return (candidate) => {
      const star = candidate.indexOf('*');
      return star < 0
        ? (byQualifiedName.get(candidate) ?? null)
        : bySuffix(candidate.slice(0, star), candidate.slice(star + 1));
    };
  };
  /** The first candidate of a list with an answer. */
  const first = (candidates: readonly string[], each: (candidate: string) => number | null): number | null => {
    for (const candidate of candidates) {
      const id = each(candidate);
      if (id !== null) return id;
    }
    return null;
  };
  const byValueName = new Map<string, number>();
  for (const { symbol } of all) {
    if (symbol.kind === VALUE_KIND && !byValueName.has(symbol.qualifiedName)) {
      byValueName.set(symbol.qualifiedName, symbol.id);
    }
  }
  /** Rule 1b (`=Q`: the first variable named `Q`) before rules 1 and 2. */
  const withValues =
    (rules: (candidate: string) => number | null): ((candidate: string) => number | null) =>
    (candidate) =>
      candidate.startsWith(VALUE_PREFIX) ? (byValueName.get(candidate.slice(1)) ?? null) : rules(candidate);
  const exportTables = new Map<string, string>();
  const named = new Set<string>();
  for (const { symbol } of all) {
    named.add(symbol.qualifiedName);
    if (symbol.kind === 'module' && symbol.slotTypes !== undefined && !exportTables.has(symbol.qualifiedName)) {
      exportTables.set(symbol.qualifiedName, symbol.slotTypes);
    }
  }
  /** One hop of rule 1c, for a candidate no symbol is named by. */
  const hop = (candidate: string): string[] =>
    named.has(candidate.startsWith(VALUE_PREFIX) ? candidate.slice(1) : candidate)
      ? []
      : rewriteThroughExports(candidate, (module) => exportTables.get(module));
  /** Rule 1c: a candidate without an answer takes the first answer of its rewrites, breadth-first by hop. */
  const withExports =
    (rules: (candidate: string) => number | null): ((candidate: string) => number | null) =>
    (candidate) => {
      const own = rules(candidate);
      if (own !== null) return own;
      let frontier = [candidate];
      for (let depth = 0; depth < EXPORT_HOPS && frontier.length > 0; depth++) {
        frontier = frontier.flatMap(hop);
        const found = first(frontier, rules);
        if (found !== null) return found;
      }
      return null;
    };
  const answer = withExports(withValues(answerer(false)));
  const answerHolder = withExports(withValues(answerer(true)));
  /** The type candidates a holder records for a slot (`;slot=T1,T2;`), or `null` when it has none. */
  const slotList = (holder: number | null, slot: string): string[] | null => {
    const entries = holder === null ? undefined : slotTypes.get(holder);
    return entries === undefined ? null : slotEntry(entries, slot);
  };
  /**
   * Rule 3: `callees~slot~member` — the member of a type the callee (a holder) declares for the slot, else of a type
   * the first holder among them records as its heritage (slot `e`).
   */
  const deferred = (candidate: string, tilde: number): number | null => {
    const second = candidate.indexOf(DEFERRED_SEPARATOR, tilde + 1);
    if (second < 0) return null;
    const callee = first(candidate.slice(0, tilde).split(LIST_SEPARATOR), answerHolder);
    const types = slotList(callee, candidate.slice(tilde + 1, second));
    if (types === null) return null;
    const member = candidate.slice(second + 1);
    const inMember = (type: string): number | null => answer(`${type}.${member}`);
    return first(types, inMember) ?? first(slotList(first(types, answerHolder), 'e') ?? [], inMember);
  };
  const resolve = (hint: string | null): number | null => {
    if (hint === null) return null;
    return first(hint.split(HINT_SEPARATOR), (candidate) => {
      const tilde = candidate.indexOf(DEFERRED_SEPARATOR);
      return tilde < 0 ? answer(candidate) : deferred(candidate, tilde);
    });
  };
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
  for (const { symbol } of all) {
    symbol.fanIn = callers.get(symbol.id)?.size ?? 0;
    symbol.fanOut = targets.get(symbol.id)?.size ?? 0;
  }
}
