/**
 * Text helpers shared by the pipeline, the query layer and backends.
 *
 * @packageDocumentation
 */
import type { EdgeDirection, EdgeRow } from './model.js';

/**
 * Compare two strings by Unicode code point, the order SQLite (`BINARY`) and DuckDB use for UTF-8 text.
 * JavaScript's `<` compares UTF-16 code units, which orders astral characters differently.
 *
 * @param a - First string.
 * @param b - Second string.
 * @returns Negative, zero or positive, like `Array.prototype.sort` expects.
 */
export function compareText(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF: they sort after every other BMP unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A UTF-16 surrogate: where JavaScript's own string order and code point order part. */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * Sort items in place by a text key in {@link compareText} order. Without surrogates in any key, UTF-16 order is code
 * point order, and the engine's own comparison is several times cheaper than `compareText` (a one-file run sorts its
 * thousands of stored paths: SymPy x4, ~6k).
 *
 * @param items - The items; sorted in place.
 * @param key - The text each item sorts by.
 * @returns `items`.
 */
export function sortByText<T>(items: T[], key: (item: T) => string): T[] {
  // Already in order (a scan replayed from its record, the planner's lists of it): one pass instead of a sort. Without
  // a surrogate, code unit order is code point order.
  let ordered = true;
  let previous: string | undefined;
  for (const item of items) {
    const text = key(item);
    if (SURROGATE.test(text)) return items.sort((a, b) => compareText(key(a), key(b)));
    if (ordered && previous !== undefined && !(previous < text)) ordered = false;
    previous = text;
  }
  if (ordered) return items;
  return items.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Compare symbol-like rows in symbol order: path, start line, qualified name, kind.
 *
 * @param a - First row.
 * @param b - Second row.
 * @returns Negative, zero or positive.
 */
export function compareSymbols(
  a: { readonly path: string; readonly startLine: number; readonly qualifiedName: string; readonly kind: string },
  b: { readonly path: string; readonly startLine: number; readonly qualifiedName: string; readonly kind: string },
): number {
  return (
    compareText(a.path, b.path) ||
    a.startLine - b.startLine ||
    compareText(a.qualifiedName, b.qualifiedName) ||
    compareText(a.kind, b.kind)
  );
}

/**
 * The order of `ReadSession.edges` rows for one direction: path, line, then the end the lookup did not name (target
 * text for `from`, owner qualified name for `to`). A stable sort with it keeps ties in analyzer order.
 *
 * @param direction - Which end the lookup named.
 * @returns Negative, zero or positive, like `Array.prototype.sort` expects.
 */
export function edgeOrder(direction: EdgeDirection): (a: EdgeRow, b: EdgeRow) => number {
  const farEnd = direction === 'from' ? (e: EdgeRow) => e.targetText : (e: EdgeRow) => e.ownerQualifiedName;
  return (a, b) => compareText(a.path, b.path) || a.line - b.line || compareText(farEnd(a), farEnd(b));
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED_ESCAPES: Readonly<Record<string, string>> = Object.freeze({ '\n': '\\n', '\r': '\\r', '\t': '\\t' });

/**
 * Make text safe for one-line output: control characters (a newline in a file name, a tab in a symbol) become
 * visible escapes such as `\n` or `\x1b`, so one record stays on one line and no terminal sequence is emitted.
 *
 * @param text - Any text.
 * @returns The text with control characters escaped.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
