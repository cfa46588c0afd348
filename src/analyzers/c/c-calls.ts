/**
 * Resolution hints of C call sites and function references. C has one global namespace, so a bare name is its own
 * hint, except for names the file defines with internal linkage (`static`), qualified by the file.
 *
 * @packageDocumentation
 */
import type { CallSite, CallableReference } from '../../core/model.js';

/** A call or a value use before hinting. */
export interface RawCUse {
  readonly ownerIndex: number;
  /** The callee or value as written, whitespace removed (`f`, `ops->read`, `s.fn`). */
  readonly text: string;
  readonly line: number;
}

/** Names the file knows: its definitions' qualified names and the functions it declares. */
export interface CNames {
  /** Function and macro definitions of the file: name to qualified name. */
  readonly defined: ReadonlyMap<string, string>;
  /** Function names declared by prototypes in the file. */
  readonly declared: ReadonlySet<string>;
}

/**
 * Hint the call sites: a plain identifier resolves to the file's definition or to the global name; calls through a
 * member (a function pointer field) have no static target.
 *
 * @param uses - Raw calls.
 * @param names - Names the file knows.
 * @returns Call sites in the same order.
 */
export function cCallSites(uses: readonly RawCUse[], names: CNames): CallSite[] {
  return uses.map((use) => ({
    callerIndex: use.ownerIndex,
    calleeText: use.text,
    targetHint: /^[A-Za-z_]\w*$/.test(use.text) ? (names.defined.get(use.text) ?? use.text) : null,
    line: use.line,
  }));
}

/**
 * Callable references: identifiers used as values that name a function the file defines or declares (a function
 * pointer; ordinary variables are dropped), and every lower-case designated-initializer value (operation tables such
 * as `.read = generic_read` name functions defined elsewhere; upper-case values are constants).
 *
 * @param values - Raw value uses (arguments, assignments, `&f`).
 * @param initializers - Raw designated-initializer values, upper-case constants already left out.
 * @param names - Names the file knows.
 * @returns Callable references in source order.
 */
export function cReferences(
  values: readonly RawCUse[],
  initializers: readonly RawCUse[],
  names: CNames,
): CallableReference[] {
  const references: { use: RawCUse; hint: string }[] = [];
  for (const use of values) {
    const hint = names.defined.get(use.text) ?? (names.declared.has(use.text) ? use.text : null);
    if (hint !== null) references.push({ use, hint });
  }
  for (const use of initializers) references.push({ use, hint: names.defined.get(use.text) ?? use.text });
  return references
    .sort((a, b) => a.use.line - b.use.line)
    .map(({ use, hint }) => ({ ownerIndex: use.ownerIndex, targetText: use.text, targetHint: hint, line: use.line }));
}
