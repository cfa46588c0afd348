/**
 * The resolved edges of both kinds, held in memory by a long-lived DuckDB read session (`keepResident`). An edge
 * lookup by target, or by owner for resolved edges only, is then answered without a statement: on SymPy that is 30k
 * of 814k call rows and 15k of 139k reference rows, so the copy is small, while each statement it replaces is a scan
 * pruned by zone maps plus a hop to DuckDB's thread (the two call lookups of every server `ctx`). Unresolved edges
 * stay in the store: a `from` lookup that wants them reads the table.
 *
 * @packageDocumentation
 */
import type { EdgeDirection, EdgeKind } from '../../core/model.js';
import { nextTurn, type NativeReadConnection } from './duckdb-native.js';
import { EDGE_TABLES } from './duckdb-read-sql.js';

/** The resolved edges of one kind, column by column, with the rows of each owner and of each target. */
interface EdgeColumns {
  readonly owners: Int32Array;
  readonly targets: Int32Array;
  readonly texts: readonly string[];
  readonly fileIds: Int32Array;
  readonly lines: Int32Array;
  readonly ordinals: Int32Array;
  readonly byOwner: ReadonlyMap<number, readonly number[]>;
  readonly byTarget: ReadonlyMap<number, readonly number[]>;
}

/** One resolved edge as stored: the ends by handle, the file by handle, and its ordinal within the file. */
export interface StoredEdge {
  readonly ownerId: number;
  readonly targetText: string;
  readonly targetId: number;
  readonly fileId: number;
  readonly line: number;
  readonly ordinal: number;
}

/** Resolved call and reference edges of a session's snapshot. */
export class ResolvedEdges {
  private constructor(private readonly kinds: Readonly<Record<EdgeKind, EdgeColumns>>) {}

  /**
   * Read the resolved edges of both tables.
   *
   * @param db - Read-only connection.
   * @returns The resident copy.
   */
  static async load(db: NativeReadConnection): Promise<ResolvedEdges> {
    const call = await loadKind(db, 'call');
    const reference = await loadKind(db, 'reference');
    return new ResolvedEdges({ call, reference });
  }

  /**
   * @param kind - Edge kind.
   * @param direction - Whether `ids` are owners or targets.
   * @param ids - Symbol handles.
   * @returns The resolved edges with one end among `ids`, unordered, each once.
   */
  lookup(kind: EdgeKind, direction: EdgeDirection, ids: readonly number[]): StoredEdge[] {
    const columns = this.kinds[kind];
    const index = direction === 'from' ? columns.byOwner : columns.byTarget;
    const out: StoredEdge[] = [];
    for (const id of new Set(ids)) {
      for (const row of index.get(id) ?? []) {
        out.push({
          ownerId: columns.owners[row]!,
          targetText: columns.texts[row]!,
          targetId: columns.targets[row]!,
          fileId: columns.fileIds[row]!,
          line: columns.lines[row]!,
          ordinal: columns.ordinals[row]!,
        });
      }
    }
    return out;
  }
}

/**
 * @param db - Read-only connection.
 * @param kind - Edge kind.
 * @returns Its resolved edges.
 */
async function loadKind(db: NativeReadConnection, kind: EdgeKind): Promise<EdgeColumns> {
  const { table, owner, text } = EDGE_TABLES[kind];
  const r = await db.selectStreaming(
    `SELECT ${owner}, target_id, ${text}, file_id, line, ordinal FROM ${table} WHERE target_id IS NOT NULL`,
  );
  const owners = Int32Array.from(r.requiredInts(0));
  const targets = Int32Array.from(r.requiredInts(1));
  await nextTurn();
  const texts = r.requiredTexts(2);
  await nextTurn();
  const fileIds = Int32Array.from(r.requiredInts(3));
  const lines = Int32Array.from(r.requiredInts(4));
  const ordinals = Int32Array.from(r.requiredInts(5));
  await nextTurn();
  const byOwner = rowsBy(owners);
  await nextTurn();
  return { owners, targets, texts, fileIds, lines, ordinals, byOwner, byTarget: rowsBy(targets) };
}

/**
 * @param handles - One handle per row.
 * @returns Row numbers by handle.
 */
function rowsBy(handles: Int32Array): Map<number, number[]> {
  const out = new Map<number, number[]>();
  handles.forEach((handle, row) => {
    const rows = out.get(handle);
    if (rows) rows.push(row);
    else out.set(handle, [row]);
  });
  return out;
}
