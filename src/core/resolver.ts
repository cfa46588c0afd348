/**
 * The reference resolver of calls and references (`docs/architecture/index-semantics.md`, "Derived state"): plain data,
 * obviously correct, not fast. The memory backend resolves every hint with it; the DuckDB overlay run resolves its few
 * stale hints with it against the symbols that can answer them (a set query there costs DuckDB more to plan than the
 * answers cost to compute). The SQL backends' full resolutions are checked against it.
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
} from './model.js';
import { EXPORT_HOPS, rewriteThroughExports, slotEntry } from './module-exports.js';
import { compareSymbols } from './text.js';

/** What resolution reads of a symbol, with the path of its file (for the order of "first"). */
export interface ResolvableSymbol {
  readonly id: number;
  readonly name: string;
  readonly qualifiedName: string;
  readonly kind: SymbolKind;
  readonly slotTypes?: string | undefined;
  readonly path: string;
  readonly startLine: number;
}

/**
 * A resolver over a set of symbols: every symbol a hint's answer can depend on must be among them (all of them for a
 * full resolution).
 *
 * @param symbols - The symbols, in any order.
 * @returns The target of a hint (`null`: no answer, or no hint).
 */
export function createResolver(symbols: readonly ResolvableSymbol[]): (hint: string | null) => number | null {
  const all = [...symbols].sort(compareSymbols).map((symbol) => ({ symbol }));
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
  return (hint: string | null): number | null => {
    if (hint === null) return null;
    return first(hint.split(HINT_SEPARATOR), (candidate) => {
      const tilde = candidate.indexOf(DEFERRED_SEPARATOR);
      return tilde < 0 ? answer(candidate) : deferred(candidate, tilde);
    });
  };
}
