/**
 * SQL text helpers of the DuckDB read path. Handles are inlined as integer literals (validated numbers, so a list of
 * handles needs no parameter per element); text arguments are always bound parameters.
 *
 * @packageDocumentation
 */

import type { EdgeKind } from '../../core/model.js';

/** Table and owner/text columns of each edge kind. */
export const EDGE_TABLES: Readonly<Record<EdgeKind, { table: string; owner: string; text: string }>> = {
  call: { table: 'calls', owner: 'caller_id', text: 'callee_text' },
  reference: { table: 'refs', owner: 'owner_id', text: 'target_text' },
};

/**
 * Numbered parameter markers.
 *
 * @param first - Number of the first marker.
 * @param count - How many markers.
 * @returns `$first, $first+1, …`.
 */
export function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}

/**
 * A literal path prefix on `f.path` (`starts_with`, so `%` and `_` match themselves); appends its parameter.
 *
 * @param params - Bound parameters so far; the prefix is appended.
 * @param prefix - The path prefix.
 * @returns The SQL condition.
 */
export function prefixClause(params: string[], prefix: string): string {
  params.push(prefix);
  return `starts_with(f.path, $${params.length})`;
}

/**
 * Handles as SQL literals; anything that is not a stored handle's shape cannot match and is dropped.
 *
 * @param ids - Handles.
 * @returns Comma-separated distinct literals, empty when none is valid.
 */
export function idList(ids: readonly number[]): string {
  const valid = new Set(ids.filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647));
  return [...valid].join(', ');
}

/**
 * Longest handle list tested with `list_contains` rather than `IN` ({@link handleCondition}); the list is scanned per
 * row, so beyond a few dozen handles `IN` is cheaper again (SymPy, 45k symbols: 400 handles 16 ms with `IN`, 24 ms
 * with `list_contains`).
 */
export const MAX_CONTAINED_HANDLES = 64;

/**
 * A condition keeping the rows whose `column` is one of `ids`, for a table read without an index (`symbols`).
 *
 * DuckDB turns an `IN` list of more than one constant into a join, and the scan under it then reads every column it
 * projects for every row: a lookup of 10 symbols by handle decoded the docstrings, signatures and names of all of
 * SymPy's 45k symbols (~15 ms CPU in a fresh process). `list_contains` is pushed into the scan as a filter, so the
 * other columns are read only for the rows that pass it (~7 ms; 3 handles 15 → 4 ms; issue 12, session 19). A single
 * handle stays an `IN`, which DuckDB turns into an equality that also skips row groups by their statistics.
 *
 * @param column - The integer column.
 * @param ids - Handles.
 * @returns The SQL condition, or `null` when no handle is valid (nothing can match).
 */
export function handleCondition(column: string, ids: readonly number[]): string | null {
  const list = idList(ids);
  if (list === '') return null;
  const count = list.split(',').length;
  return count > 1 && count <= MAX_CONTAINED_HANDLES ? `list_contains([${list}], ${column})` : `${column} IN (${list})`;
}

/**
 * A `LIMIT` value, checked before it is inlined.
 *
 * @param value - Requested limit.
 * @returns The same value.
 */
export function nonNegativeInteger(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`limit must be a non-negative integer, got ${value}`);
  return value;
}
