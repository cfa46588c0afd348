/**
 * Edge reads of the DuckDB read session: one single-table query served by the edge tables' ART indexes (or, in a
 * long-lived session, the resident resolved edges of `duckdb-resolved-edges.ts` when the lookup wants resolved edges
 * only), the names at both ends, and the order of `edgeOrder` applied in JavaScript (a join in SQL would scan and
 * decompress whole tables to build hash tables). Ties end with the edge's `ordinal`, its position in the analyzer's
 * output, which is how the memory reference's stable sort breaks them.
 *
 * @packageDocumentation
 */
import type { EdgeLookup } from '../../core/contracts.js';
import type { EdgeDirection, EdgeEnds, EdgeRow } from '../../core/model.js';
import { compareText, edgeOrder } from '../../core/text.js';
import type { DuckDbReadScope } from './duckdb-read-files.js';
import { EDGE_TABLES, handleCondition, idList } from './duckdb-read-sql.js';

/** An edge as read: ends and file by handle, and its ordinal within the file. */
interface ReadEdge {
  readonly ownerId: number;
  readonly targetText: string;
  readonly targetId: number | null;
  readonly fileId: number;
  readonly line: number;
  readonly ordinal: number;
}

/**
 * @param scope - Connection, file identity and the session's resident indexes.
 * @param lookup - Kind, direction, handles and whether only resolved edges are wanted.
 * @returns The matching edges in the direction's order.
 */
export async function edgeRows(scope: DuckDbReadScope, lookup: EdgeLookup): Promise<EdgeRow[]> {
  const { kind, direction, ids, resolvedOnly } = lookup;
  const resident = scope.resident.edges;
  // Every edge resolved to a symbol is resident: a lookup by target, or of resolved edges only, needs no statement.
  if (direction === 'to' || resolvedOnly) {
    if (resident) return named(scope, resident.lookup(kind, direction, ids), direction);
    scope.wantResident('edges');
  }
  const list = idList(ids);
  if (list === '') return [];
  const { table, owner, text } = EDGE_TABLES[kind];
  const column = direction === 'from' ? owner : 'target_id';
  // Unresolved edges are left out in JavaScript: a `target_id IS NOT NULL` beside the `IN` list made DuckDB scan the
  // whole edge table instead of using its index (SymPy, 5 callers: 7.0 → 3.7 ms CPU; issue 12, session 19).
  const r = await scope.db.select(
    `SELECT ${owner}, ${text}, target_id, file_id, line, ordinal FROM ${table} WHERE ${column} IN (${list})`,
  );
  const texts = r.requiredTexts(1);
  const targets = r.ints(2);
  const fileIds = r.requiredInts(3);
  const lines = r.requiredInts(4);
  const ordinals = r.requiredInts(5);
  const edges = r.requiredInts(0).flatMap((ownerId, i): ReadEdge[] => {
    const targetId = targets[i] ?? null;
    if (resolvedOnly && targetId === null) return [];
    return [{ ownerId, targetText: texts[i]!, targetId, fileId: fileIds[i]!, line: lines[i]!, ordinal: ordinals[i]! }];
  });
  return named(scope, edges, direction);
}

/**
 * @param scope - Connection, file identity and the session's resident indexes.
 * @param edges - Edges as read.
 * @param direction - The lookup's direction (its order).
 * @returns The edges with their paths and end names, in the direction's order.
 */
async function named(scope: DuckDbReadScope, edges: readonly ReadEdge[], direction: EdgeDirection): Promise<EdgeRow[]> {
  if (edges.length === 0) return [];
  const ends = edges.flatMap((e) => (e.targetId === null ? [e.ownerId] : [e.ownerId, e.targetId]));
  const [files, names] = await Promise.all([scope.fileInfo(edges.map((e) => e.fileId)), qualifiedNames(scope, ends)]);
  const rows = edges.map((e): EdgeRow => ({
    ownerId: e.ownerId,
    ownerQualifiedName: names.get(e.ownerId)!,
    targetText: e.targetText,
    targetId: e.targetId,
    targetQualifiedName: e.targetId === null ? null : names.get(e.targetId)!,
    path: files.get(e.fileId)!.path,
    line: e.line,
  }));
  const order = edgeOrder(direction);
  return rows
    .map((_, i) => i)
    .sort((a, b) => order(rows[a]!, rows[b]!) || edges[a]!.ordinal - edges[b]!.ordinal)
    .map((i) => rows[i]!);
}

/**
 * @param scope - Connection and the session's name index, if it keeps one.
 * @param ids - Symbol handles.
 * @returns Qualified name by handle.
 */
async function qualifiedNames(scope: DuckDbReadScope, ids: readonly number[]): Promise<Map<number, string>> {
  const index = scope.resident.names;
  if (index) return index.qualifiedNames(ids);
  const condition = handleCondition('id', ids);
  if (condition === null) return new Map();
  const r = await scope.db.select(`SELECT id, qualified_name FROM symbols WHERE ${condition}`);
  const names = r.requiredTexts(1);
  return new Map(r.requiredInts(0).map((id, i) => [id, names[i]!]));
}

/**
 * The call edges at `ids` in both directions, without their end names (`ReadSession.callEdgeEnds`): one statement
 * for both directions (each half served by its column's ART index; the callers' half leaves the target text unread),
 * the paths from the session's file identity, and the orders of {@link edgeRows} applied here. A caller's edges at
 * one path and line are ordered by owner qualified name; those names are read only when such a place has two
 * owners (rare: two definitions on one line), otherwise the analyzer's order is that order. Replaces `ctx`'s two
 * edge lookups and their two name reads (SymPy: 5 statements, ~12 ms CPU in a fresh process → 2–3; issue 12,
 * session 24).
 *
 * @param scope - Connection, file identity and the session's resident indexes.
 * @param ids - Symbol handles.
 * @returns Resolved edges from `ids` and edges to them, each in its direction's order.
 */
export async function callEdgeEnds(
  scope: DuckDbReadScope,
  ids: readonly number[],
): Promise<{ from: EdgeEnds[]; to: EdgeEnds[] }> {
  if (scope.resident.edges) {
    // A long-lived session answers both from memory.
    const [from, to] = await Promise.all([
      edgeRows(scope, { kind: 'call', direction: 'from', ids, resolvedOnly: true }),
      edgeRows(scope, { kind: 'call', direction: 'to', ids }),
    ]);
    return { from: from.map(ends), to: to.map(ends) };
  }
  const list = idList(ids);
  if (list === '') return { from: [], to: [] };
  const r = await scope.db.select(
    `SELECT 0, caller_id, callee_text, target_id, file_id, line, ordinal FROM calls WHERE caller_id IN (${list})
     UNION ALL SELECT 1, caller_id, NULL, target_id, file_id, line, ordinal FROM calls WHERE target_id IN (${list})`,
  );
  const directions = r.requiredInts(0);
  const owners = r.requiredInts(1);
  const texts = r.texts(2);
  const targets = r.ints(3);
  const fileIds = r.requiredInts(4);
  const lines = r.requiredInts(5);
  const ordinals = r.requiredInts(6);
  const files = await scope.fileInfo(fileIds);
  const from: number[] = [];
  const to: number[] = [];
  directions.forEach((direction, i) => {
    if (direction === 1) to.push(i);
    else if (targets[i] !== null && targets[i] !== undefined) from.push(i);
  });
  const paths = fileIds.map((id) => files.get(id)!.path);
  const place = (a: number, b: number): number => compareText(paths[a]!, paths[b]!) || lines[a]! - lines[b]!;
  from.sort((a, b) => place(a, b) || compareText(texts[a]!, texts[b]!) || ordinals[a]! - ordinals[b]!);
  to.sort((a, b) => place(a, b) || ordinals[a]! - ordinals[b]!);
  // Places with callers of two owners: their owners' names decide the order there.
  const tied = new Set<number>();
  for (let start = 0, end = 1; start < to.length; start = end++) {
    while (end < to.length && place(to[start]!, to[end]!) === 0) end++;
    const run = to.slice(start, end);
    if (new Set(run.map((i) => owners[i])).size > 1) for (const i of run) tied.add(i);
  }
  if (tied.size > 0) {
    const names = await qualifiedNames(
      scope,
      [...tied].map((i) => owners[i]!),
    );
    const name = (i: number): string => (tied.has(i) ? names.get(owners[i]!)! : '');
    to.sort((a, b) => place(a, b) || compareText(name(a), name(b)) || ordinals[a]! - ordinals[b]!);
  }
  const row = (i: number): EdgeEnds => ({
    ownerId: owners[i]!,
    targetId: targets[i] ?? null,
    path: paths[i]!,
    line: lines[i]!,
  });
  return { from: from.map(row), to: to.map(row) };
}

/**
 * @param edge - A named edge.
 * @returns Its handles, path and line.
 */
function ends(edge: EdgeRow): EdgeEnds {
  return { ownerId: edge.ownerId, targetId: edge.targetId, path: edge.path, line: edge.line };
}
