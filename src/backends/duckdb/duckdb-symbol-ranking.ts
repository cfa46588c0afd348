/**
 * The order of `listSymbols` (fan-in, fan-out, qualified name, path, start line, kind, handle), computed once by a
 * long-lived DuckDB read session (`keepResident`) and kept with what its filters need. A listing then filters and cuts
 * the ranking in memory and reads only the rows it returns, by handle, instead of joining and sorting every symbol
 * with its metrics for each request (45k rows on SymPy for a first page of 50). The ranking belongs to the session's
 * snapshot: a newly published index is a new session with its own.
 *
 * @packageDocumentation
 */
import type { SymbolRow } from '../../core/model.js';
import { nextTurn, type NativeReadConnection } from './duckdb-native.js';
import type { FileInfo } from './duckdb-read-files.js';

/** The listing order of every symbol, with the columns its filters and its rows need. */
export class SymbolRanking {
  private constructor(
    /** Handles in listing order. */
    readonly ids: Int32Array,
    private readonly fileIds: Int32Array,
    /** Kind codes (members of the stored enum). */
    private readonly kinds: Uint8Array,
    readonly fanIn: Int32Array,
    readonly fanOut: Int32Array,
    /** Rows of the first ranks, by handle (the first pages of a listing need no read). */
    readonly rows: ReadonlyMap<number, SymbolRow> = new Map(),
  ) {}

  /**
   * @param rows - Rows of some ranked symbols, by handle.
   * @returns The same ranking keeping those rows.
   */
  withRows(rows: ReadonlyMap<number, SymbolRow>): SymbolRanking {
    return new SymbolRanking(this.ids, this.fileIds, this.kinds, this.fanIn, this.fanOut, rows);
  }

  /**
   * Rank every symbol.
   *
   * @param db - Read-only connection.
   * @param order - The `ORDER BY` of the listing over `symbols s`, `files f` and the metric columns `fan_in`, `fan_out`.
   * @returns The ranking.
   */
  static async load(db: NativeReadConnection, order: string): Promise<SymbolRanking> {
    const r = await db.selectStreaming(
      `SELECT s.id, s.file_id, s.kind, coalesce(m.fan_in, 0) AS fan_in, coalesce(m.fan_out, 0) AS fan_out
       FROM symbols s JOIN files f ON f.id = s.file_id LEFT JOIN metrics m ON m.symbol_id = s.id
       ORDER BY ${order}`,
    );
    const ids = Int32Array.from(r.requiredInts(0));
    const fileIds = Int32Array.from(r.requiredInts(1));
    await nextTurn();
    const kinds = r.codes(2);
    const fanIn = Int32Array.from(r.requiredInts(3));
    const fanOut = Int32Array.from(r.requiredInts(4));
    return new SymbolRanking(ids, fileIds, kinds, fanIn, fanOut);
  }

  /**
   * @param files - File identity by handle.
   * @param pathPrefix - Only symbols in files under this literal prefix.
   * @param kinds - Only symbols of these kind codes (`undefined`: every kind).
   * @param limit - At most this many.
   * @returns Positions in the ranking of the symbols listed, in order.
   */
  select(
    files: ReadonlyMap<number, FileInfo>,
    pathPrefix: string | undefined,
    kinds: ReadonlySet<number> | undefined,
    limit: number | undefined,
  ): number[] {
    const max = limit ?? this.ids.length;
    const inFolder = new Map<number, boolean>();
    const out: number[] = [];
    for (let at = 0; at < this.ids.length && out.length < max; at++) {
      if (kinds && !kinds.has(this.kinds[at]!)) continue;
      if (pathPrefix) {
        const fileId = this.fileIds[at]!;
        let keep = inFolder.get(fileId);
        if (keep === undefined) inFolder.set(fileId, (keep = files.get(fileId)!.path.startsWith(pathPrefix)));
        if (!keep) continue;
      }
      out.push(at);
    }
    return out;
  }
}
