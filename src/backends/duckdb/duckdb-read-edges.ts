/**
 * Edge reads of the DuckDB read session: one single-table query served by the edge tables' ART indexes, one lookup of
 * the names at both ends, and the order of `edgeOrder` applied in JavaScript (a join in SQL would scan and decompress
 * whole tables to build hash tables). Ties end with the edge's `ordinal`, its position in the analyzer's output,
 * which is how the memory reference's stable sort breaks them.
 *
 * @packageDocumentation
 */
import type { EdgeLookup } from '../../core/contracts.js';
import type { EdgeKind, EdgeRow } from '../../core/model.js';
import { edgeOrder } from '../../core/text.js';
import type { DuckDbReadScope } from './duckdb-read-files.js';
import { idList } from './duckdb-read-sql.js';

/** Table and owner/text columns of each edge kind. */
const EDGE_TABLES: Readonly<Record<EdgeKind, { table: string; owner: string; text: string }>> = {
  call: { table: 'calls', owner: 'caller_id', text: 'callee_text' },
  reference: { table: 'refs', owner: 'owner_id', text: 'target_text' },
};

/**
 * @param scope - Connection and file identity.
 * @param lookup - Kind, direction and handles.
 * @returns The matching edges in the direction's order.
 */
export async function edgeRows(scope: DuckDbReadScope, { kind, direction, ids }: EdgeLookup): Promise<EdgeRow[]> {
  const list = idList(ids);
  if (list === '') return [];
  const { table, owner, text } = EDGE_TABLES[kind];
  const named = direction === 'from' ? owner : 'target_id';
  const [r, files] = await Promise.all([
    scope.db.select(
      `SELECT ${owner}, ${text}, target_id, file_id, line, ordinal FROM ${table} WHERE ${named} IN (${list})`,
    ),
    scope.fileInfo(),
  ]);
  const owners = r.requiredInts(0);
  const texts = r.requiredTexts(1);
  const targets = r.ints(2);
  const fileIds = r.requiredInts(3);
  const lines = r.requiredInts(4);
  const ordinals = r.requiredInts(5);
  const names = await qualifiedNames(scope, [...owners, ...targets.filter((id): id is number => id !== null)]);
  const rows = owners.map((ownerId, i): EdgeRow => {
    const targetId = targets[i] ?? null;
    return {
      ownerId,
      ownerQualifiedName: names.get(ownerId)!,
      targetText: texts[i]!,
      targetId,
      targetQualifiedName: targetId === null ? null : names.get(targetId)!,
      path: files.get(fileIds[i]!)!.path,
      line: lines[i]!,
    };
  });
  const order = edgeOrder(direction);
  return rows
    .map((_, i) => i)
    .sort((a, b) => order(rows[a]!, rows[b]!) || ordinals[a]! - ordinals[b]!)
    .map((i) => rows[i]!);
}

/**
 * @param scope - Connection and the session's name index, if it keeps one.
 * @param ids - Symbol handles.
 * @returns Qualified name by handle.
 */
async function qualifiedNames(scope: DuckDbReadScope, ids: readonly number[]): Promise<Map<number, string>> {
  const index = scope.nameIndex(false);
  if (index) return (await index).qualifiedNames(ids);
  const list = idList(ids);
  if (list === '') return new Map();
  const r = await scope.db.select(`SELECT id, qualified_name FROM symbols WHERE id IN (${list})`);
  const names = r.requiredTexts(1);
  return new Map(r.requiredInts(0).map((id, i) => [id, names[i]!]));
}
