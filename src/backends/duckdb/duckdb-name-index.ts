/**
 * The names of every symbol, held in memory by a DuckDB read session that answers more than one name lookup (a
 * long-lived `codira mcp` session). The layout keeps no index on the symbols table, so a lookup by name scans and
 * compares two text columns of every row (6–18 ms on SymPy); with the names in memory a lookup is a map probe, then
 * a scan of the integer handle column for the few rows wanted. The qualified names also answer the names at both
 * ends of an edge without a second scan.
 *
 * A per-process query asks once and never pays for the load: the session builds the index on its second name
 * lookup. A session reads one snapshot (a new index is published by renaming a new file, and an open session keeps
 * the file it opened), so the index never goes stale.
 *
 * @packageDocumentation
 */
import type { NativeReadConnection } from './duckdb-native.js';

/** Short and qualified names of every symbol of a session's snapshot. */
export class NameIndex {
  private constructor(
    /** Handles by short or qualified name (a handle is listed once per name it carries). */
    private readonly byName: ReadonlyMap<string, readonly number[]>,
    /** Qualified name by handle. */
    private readonly qualified: ReadonlyMap<number, string>,
  ) {}

  /**
   * Read every symbol's handle and names.
   *
   * @param db - Read-only connection.
   * @returns The index.
   */
  static async load(db: NativeReadConnection): Promise<NameIndex> {
    const r = await db.selectStreaming('SELECT id, name, qualified_name FROM symbols');
    const ids = r.requiredInts(0);
    const names = r.requiredTexts(1);
    const qualifiedNames = r.requiredTexts(2);
    const byName = new Map<string, number[]>();
    const qualified = new Map<number, string>();
    const note = (name: string, id: number): void => {
      const list = byName.get(name);
      if (!list) byName.set(name, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    };
    ids.forEach((id, i) => {
      note(names[i]!, id);
      note(qualifiedNames[i]!, id);
      qualified.set(id, qualifiedNames[i]!);
    });
    return new NameIndex(byName, qualified);
  }

  /**
   * @param names - Short or qualified names.
   * @returns Handles of the symbols whose short or qualified name is one of `names`, each once.
   */
  idsNamed(names: readonly string[]): number[] {
    const out = new Set<number>();
    for (const name of names) for (const id of this.byName.get(name) ?? []) out.add(id);
    return [...out];
  }

  /**
   * @param ids - Symbol handles.
   * @returns Qualified name by handle, for the handles that exist.
   */
  qualifiedNames(ids: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    for (const id of ids) {
      const name = this.qualified.get(id);
      if (name !== undefined) out.set(id, name);
    }
    return out;
  }
}
