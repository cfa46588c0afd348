/**
 * Module export tables (`docs/architecture/index-semantics.md`, rule 1c): a module symbol may record what it
 * re-exports as slot types — `*` for the modules of `export * from`, `.<name>` for a name it re-exports from
 * elsewhere (`export { a as name } from`, `export * as name from`, an imported name exported again). A qualified-name
 * or value candidate that names such a module is rewritten through these entries, a bounded number of hops.
 *
 * @packageDocumentation
 */
import { DEFERRED_SEPARATOR, HINT_SEPARATOR, LIST_SEPARATOR, VALUE_PREFIX } from './model.js';

/** Slot of a module symbol listing the modules of its `export * from` declarations, in source order. */
export const STAR_EXPORT_SLOT = '*';

/** Opens the slot of a module symbol naming where one re-exported name comes from (`.b` for `b`). */
export const NAMED_EXPORT_PREFIX = '.';

/** Barrel hops a candidate is rewritten through at most (a barrel of barrels of barrels). */
export const EXPORT_HOPS = 4;

/** Entries of a list slot a rewrite takes at most (orders rewrites numerically: `parent * EXPORT_WIDTH + entry`). */
export const EXPORT_WIDTH = 10_000;

/** The module a candidate names and the rest of it. */
export interface ModulePart {
  /** The module's qualified name: the text up to the first `.` after the last `/`. */
  readonly module: string;
  /** What follows that `.`. */
  readonly rest: string;
}

/**
 * Split a qualified-name or value candidate into the module it names and the rest (`src/internal.isObservableMap` →
 * `src/internal` and `isObservableMap`). Suffix and deferred candidates, and candidates without a `.` after their last
 * `/`, name no module.
 *
 * @param candidate - A candidate, with or without the value prefix.
 * @returns The parts, or `null`.
 */
export function modulePart(candidate: string): ModulePart | null {
  const plain = candidate.startsWith(VALUE_PREFIX) ? candidate.slice(VALUE_PREFIX.length) : candidate;
  if (plain.includes('*') || plain.includes(DEFERRED_SEPARATOR)) return null;
  const dot = plain.indexOf('.', plain.lastIndexOf('/') + 1);
  if (dot <= 0 || dot === plain.length - 1) return null;
  return { module: plain.slice(0, dot), rest: plain.slice(dot + 1) };
}

/**
 * The entry of one slot in slot types text (`;slot=T1,T2;`), split at `,`: from the first `;slot=` to the next `;`,
 * or to the end of the text when none follows (the analyzers always close the text with `;`; a last entry without it
 * still counts, as the SQL backends' splits at `;` read it).
 *
 * @param slotTypes - Stored slot types text.
 * @param slot - The slot name.
 * @returns The entry's parts, or `null` without one.
 */
export function slotEntry(slotTypes: string, slot: string): string[] | null {
  const key = `;${slot}=`;
  const at = slotTypes.indexOf(key);
  if (at < 0) return null;
  const from = at + key.length;
  const end = slotTypes.indexOf(';', from);
  return (end < 0 ? slotTypes.slice(from) : slotTypes.slice(from, end)).split(LIST_SEPARATOR);
}

/**
 * Every slot's entry in slot types text, as {@link slotEntry} reads each: the pieces after a `;` that hold a `=` after
 * a non-empty slot name (text before the first `;` is none), the first piece of a slot listed twice, each entry split
 * at `,` and numbered from 1 (`ord`), entries from `EXPORT_WIDTH` on left out. The SQLite backend reads a module's
 * export table through this instead of splitting the text in SQL.
 *
 * @param slotTypes - Stored slot types text.
 * @returns `[slot, ord, part]` rows, slots in text order, parts in entry order.
 */
export function slotEntries(slotTypes: string): [string, number, string][] {
  const rows: [string, number, string][] = [];
  const seen = new Set<string>();
  const pieces = slotTypes.split(';');
  for (let piece = 1; piece < pieces.length; piece++) {
    const text = pieces[piece]!;
    const eq = text.indexOf('=');
    if (eq <= 0) continue;
    const slot = text.slice(0, eq);
    if (seen.has(slot)) continue;
    seen.add(slot);
    const parts = text.slice(eq + 1).split(LIST_SEPARATOR);
    for (let ord = 1; ord <= parts.length && ord < EXPORT_WIDTH; ord++) rows.push([slot, ord, parts[ord - 1]!]);
  }
  return rows;
}

/**
 * One hop of rule 1c: the candidates a candidate stands for through the export table of the module it names. A
 * name the module re-exports by name (`.<head>`) takes that entry's targets followed by the rest of the candidate;
 * otherwise every module of its `*` entry followed by the candidate's rest. The value prefix is kept.
 *
 * @param candidate - A qualified-name or value candidate.
 * @param exportsOf - Slot types of the module symbol of that name (only modules with an export table).
 * @returns The rewritten candidates in order (empty when the candidate names no module with an export table).
 */
export function rewriteThroughExports(candidate: string, exportsOf: (module: string) => string | undefined): string[] {
  const part = modulePart(candidate);
  const entries = part === null ? undefined : exportsOf(part.module);
  if (part === null || entries === undefined) return [];
  const prefix = candidate.startsWith(VALUE_PREFIX) ? VALUE_PREFIX : '';
  const dot = part.rest.indexOf('.');
  const head = dot < 0 ? part.rest : part.rest.slice(0, dot);
  const tail = dot < 0 ? '' : part.rest.slice(dot);
  const named = slotEntry(entries, `${NAMED_EXPORT_PREFIX}${head}`);
  const out =
    named !== null
      ? named.map((target) => `${prefix}${target}${tail}`)
      : (slotEntry(entries, STAR_EXPORT_SLOT) ?? []).map((source) => `${prefix}${source}.${part.rest}`);
  return out.slice(0, EXPORT_WIDTH - 1);
}

/** Regular expressions (the same text for RE2 and JavaScript) that find where text may name a module with exports. */
export interface BarrelMentions {
  /** Over a stored hint: a candidate, or the callee part of a deferred one, that is a module or opens with it. */
  readonly hints: string;
  /** Over stored slot types: a piece that is a module or opens with it and a `.`. */
  readonly slotTypes: string;
}

/**
 * Where rule 1c can have something to rewrite, as a test on the stored text instead of on every candidate of every
 * set: a candidate names a module with an export table only if a hint holds it (a plain candidate, a callee part),
 * or a holder's slot types do (a type part, a heritage part; a member candidate `T.m` names the module `T` names, or
 * `T` itself). A piece opens the text or follows a separator (the value prefix included) and is the module's name or
 * opens with it and a `.`. Slot and member names follow the deferred separator in a hint, so they never match there;
 * the test may match needlessly elsewhere, never miss.
 *
 * @param modules - Qualified names of the modules with an export table (not empty).
 * @returns The expressions.
 */
export function barrelMentions(modules: readonly string[]): BarrelMentions {
  const literal = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
  const names = `(?:${modules.map(literal).join('|')})`;
  const before = (separators: string[]): string => `(?:^|[${separators.map(literal).join('')}])`;
  const after = (separators: string[]): string => `(?:[${['.', ...separators].map(literal).join('')}]|$)`;
  return {
    hints: `${before([HINT_SEPARATOR, LIST_SEPARATOR, VALUE_PREFIX])}${names}${after([HINT_SEPARATOR, LIST_SEPARATOR, DEFERRED_SEPARATOR])}`,
    slotTypes: `${before([';', '=', LIST_SEPARATOR])}${names}${after([';', '=', LIST_SEPARATOR])}`,
  };
}
