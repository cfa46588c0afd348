/**
 * The names a resolution can depend on (`docs/architecture/index-semantics.md`, "What an incremental run
 * re-resolves"): the keys of a hint, of a symbol and of a symbol's slot types. A hint's answer can change only when a
 * symbol carrying one of its keys is added or removed, or when the slot types of a holder it names change; backends
 * use these keys to re-resolve only what a run can affect.
 *
 * @packageDocumentation
 */
import { DEFERRED_SEPARATOR, HINT_SEPARATOR, LIST_SEPARATOR, VALUE_PREFIX } from './model.js';
import { modulePart } from './module-exports.js';

/**
 * The key of a plain candidate: the last `.`-segment of what follows its first `*` (the whole candidate without one),
 * a value candidate's leading `=` left out. A symbol answers the candidate by rule 1, 1b or 2 only if its name or the
 * key of its qualified name equals this.
 *
 * @param candidate - A qualified-name, value (`=Q`) or `prefix*suffix` candidate.
 * @returns The key.
 */
export function candidateKey(candidate: string): string {
  const plain = candidate.startsWith(VALUE_PREFIX) ? candidate.slice(VALUE_PREFIX.length) : candidate;
  const suffix = plain.slice(plain.indexOf('*') + 1);
  return suffix.slice(suffix.lastIndexOf('.') + 1);
}

/**
 * The keys of a symbol: its name and the key of its qualified name (they differ only for unusual names).
 *
 * @param name - The symbol's name.
 * @param qualifiedName - Its qualified name.
 * @returns One or two keys.
 */
export function symbolKeys(name: string, qualifiedName: string): string[] {
  const key = candidateKey(qualifiedName);
  return key === name ? [name] : [name, key];
}

/**
 * Add the keys a plain candidate's answer reads: its own key and, when it names a module (rule 1c), that module's
 * qualified name (the key of a module symbol without a `.` in its name).
 *
 * @param candidate - A plain candidate.
 * @param keys - Receives the keys.
 */
function addCandidateKeys(candidate: string, keys: Set<string>): void {
  keys.add(candidateKey(candidate));
  const part = modulePart(candidate);
  if (part !== null) keys.add(part.module);
}

/**
 * Every key a hint's resolution reads by name: the key of each plain candidate and the module it names (rule 1c); for
 * a deferred candidate `callees~slot~member`, the same for each callee candidate, and the key of the member (as the
 * last segment of `T.member` for any type candidate `T`, with or without a `*`). The types a holder's slots name are
 * not in the hint; they are covered by {@link slotTypeKeys}.
 *
 * @param hint - A `|`-separated candidate list.
 * @returns The distinct keys.
 */
export function hintKeys(hint: string): string[] {
  const keys = new Set<string>();
  for (const candidate of hint.split(HINT_SEPARATOR)) {
    const tilde = candidate.indexOf(DEFERRED_SEPARATOR);
    if (tilde < 0) {
      addCandidateKeys(candidate, keys);
      continue;
    }
    for (const callee of candidate.slice(0, tilde).split(LIST_SEPARATOR)) addCandidateKeys(callee, keys);
    const second = candidate.indexOf(DEFERRED_SEPARATOR, tilde + 1);
    if (second < 0) continue;
    const member = candidate.slice(second + 1);
    keys.add(candidateKey(member));
    keys.add(member.slice(member.lastIndexOf('.') + 1));
  }
  return [...keys];
}

/**
 * The keys of every type candidate a symbol's slot types name (every `;`, `=` and `,`-separated piece, slot names
 * included: a superset is safe), and the modules they name (rule 1c). When a symbol with one of them is added or
 * removed, a deferred candidate whose holder is this symbol, or a candidate rewritten through this module's export
 * table, may answer differently.
 *
 * @param slotTypes - Stored slot types text `;slot=T1,T2;…;`.
 * @returns The distinct keys.
 */
export function slotTypeKeys(slotTypes: string): string[] {
  const keys = new Set<string>();
  for (const piece of slotTypes.split(/[;=,]/)) if (piece !== '') addCandidateKeys(piece, keys);
  return [...keys];
}
