/**
 * Cursor paging and the output budget of tool answers.
 *
 * A tool's result is the CLI's `--json` object; its long list (the tool's `listKey`) is cut into pages. A page holds
 * at most `pageSize` items, and fewer when the answer would exceed the budget: both the text rendering and the JSON of
 * the structured content stay within `budget` characters. Leaving items out is never silent: the page says
 * `truncated`, the text ends with a `[truncated: …]` marker, and `nextCursor` continues where the page stopped.
 *
 * A cursor is opaque to clients: it names the offset, the query it belongs to and the index generation it was
 * issued on, so a cursor replayed against another query or a newer index is refused instead of skipping rows.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../core/errors.js';

/** Paging facts of an answer. */
export interface PageInfo {
  /** Index of the first item of the page in the full list. */
  readonly offset: number;
  /** Items on this page. */
  readonly count: number;
  /** Items in the full list. */
  readonly total: number;
  /** Cursor of the next page, or `null` on the last one. */
  readonly nextCursor: string | null;
  /** Items were left out to stay within the budget. */
  readonly truncated: boolean;
}

/** A page ready to send. */
export interface Page<T> {
  /** The result with its list cut to the page. */
  readonly result: T;
  /** Paging facts, or `null` for a result without a list. */
  readonly page: PageInfo | null;
  /** Text rendering of the page, with the marker when there is more. */
  readonly text: string;
}

interface CursorState {
  readonly offset: number;
  readonly query: string;
  readonly generation: number;
}

/**
 * Fingerprint of a tool call, without its paging arguments.
 *
 * @param tool - Tool name.
 * @param args - Validated arguments.
 * @returns A short hash.
 */
export function queryKey(tool: string, args: Record<string, unknown>): string {
  const { cursor: _cursor, pageSize: _pageSize, budget: _budget, wait: _wait, ...rest } = args;
  const sorted = Object.keys(rest)
    .sort()
    .map((key) => [key, rest[key]]);
  return createHash('sha256')
    .update(JSON.stringify([tool, sorted]))
    .digest('base64url')
    .slice(0, 16);
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify([state.offset, state.query, state.generation])).toString('base64url');
}

/**
 * Read a cursor back, checking that it belongs to this query and index generation.
 *
 * @param cursor - The cursor a previous page returned, or `undefined` for the first page.
 * @param query - Fingerprint of this call.
 * @param generation - Generation of the index answering it.
 * @returns The offset to start at.
 */
export function decodeCursor(cursor: string | undefined, query: string, generation: number): number {
  if (cursor === undefined) return 0;
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    state = null;
  }
  if (!Array.isArray(state) || state.length !== 3 || !Number.isInteger(state[0]) || state[0] < 0) {
    throw new UsageError('cursor is not one this server issued; start again without a cursor');
  }
  const [offset, key, issuedOn] = state as [number, string, number];
  if (key !== query) throw new UsageError('cursor belongs to another query; start again without a cursor');
  if (issuedOn !== generation) {
    throw new UsageError(
      `the index changed since this cursor was issued (generation ${issuedOn}, now ${generation}); start again without a cursor`,
    );
  }
  return offset;
}

/** How to cut and render one tool's result. */
export interface PageRequest<T> {
  readonly result: T;
  /** The list field that pages, or `null` for a result without one. */
  readonly listKey: keyof T | null;
  readonly render: (result: T) => string;
  readonly offset: number;
  readonly pageSize: number;
  readonly budget: number;
  readonly query: string;
  readonly generation: number;
}

function marker(info: PageInfo, budget: number): string {
  const shown = info.count === 0 ? 'no items' : `items ${info.offset + 1}-${info.offset + info.count}`;
  const next = info.nextCursor ? `; continue with cursor "${info.nextCursor}"` : '';
  if (info.truncated) {
    const why =
      info.count === 0 && info.offset < info.total
        ? `item ${info.offset + 1} alone exceeds the budget of ${budget} characters (raise budget or narrow the query)`
        : `budget of ${budget} characters reached`;
    return `[truncated: ${shown} of ${info.total}; ${why}${next}]`;
  }
  return info.nextCursor ? `[page: ${shown} of ${info.total}${next}]` : '';
}

/**
 * Cut a result to one page within the budget.
 *
 * @param req - The result and how to page it.
 * @returns The page.
 */
export function paginate<T>(req: PageRequest<T>): Page<T> {
  const list = req.listKey === null ? null : (req.result[req.listKey] as unknown as readonly unknown[]);
  const total = list?.length ?? 0;
  const offset = Math.min(req.offset, total);
  const build = (count: number, truncated: boolean): Page<T> => {
    const result = list === null ? req.result : { ...req.result, [req.listKey!]: list.slice(offset, offset + count) };
    // A page that stops for the budget on an oversized item skips it, so paging always makes progress.
    const end = offset + Math.max(count, truncated && count === 0 ? 1 : 0);
    const nextCursor = end < total ? encodeCursor({ offset: end, query: req.query, generation: req.generation }) : null;
    const page = { offset, count, total, nextCursor, truncated };
    const body = req.render(result);
    const note = marker(page, req.budget);
    return { result, page, text: note ? `${body}\n${note}` : body };
  };
  const fits = (p: Page<T>): boolean =>
    p.text.length <= req.budget && JSON.stringify({ result: p.result, page: p.page }).length <= req.budget;
  const wanted = Math.min(req.pageSize, total - offset);
  if (list === null) {
    return { result: req.result, page: null, text: req.render(req.result) };
  }
  const full = build(wanted, false);
  if (fits(full)) return full;
  // Upper bound from the items' own JSON sizes (one stringify each instead of one of the whole page per probe); the
  // exact count that fits both renderings is then found by bisection below it.
  const items = list.slice(offset, offset + wanted);
  let used = JSON.stringify({ result: { ...req.result, [req.listKey!]: [] }, page: full.page }).length;
  let high = 0;
  while (high < items.length && (used += JSON.stringify(items[high]).length + 1) <= req.budget) high++;
  if (fits(build(high, true))) return build(high, true);
  let low = 0;
  high--;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(build(mid, true))) low = mid;
    else high = mid - 1;
  }
  return build(low, true);
}
