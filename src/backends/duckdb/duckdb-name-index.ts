/**
 * The names of every symbol, held in memory by a long-lived DuckDB read session (`keepResident`: a `codira mcp`
 * session). The layout keeps no index on the symbols table, so a lookup by name scans and compares two text columns
 * of every row (6–18 ms on SymPy); with the names in memory a lookup is a map probe, then a scan of the integer handle
 * column for the few rows wanted. The qualified names also answer the names at both ends of an edge without a second
 * scan.
 *
 * A per-process query never pays for the load. A session reads one snapshot (a new index is published by renaming a
 * new file, and an open session keeps the file it opened), so the index never goes stale.
 *
 * @packageDocumentation
 */
import { nextTurn, type NativeReadConnection } from './duckdb-native.js';

/** Symbols noted per turn of the event loop while building (a few milliseconds each). */
const NOTED_PER_TURN = 10_000;

/** Short and qualified names of every symbol of a session's snapshot. */
export class NameIndex {
  private constructor(
    /**
     * Handles by short or qualified name (a handle is listed once per name it carries). Most names belong to one
     * symbol, kept as a bare number: an array per name made building the index take several times longer.
     */
    private readonly byName: ReadonlyMap<string, number | readonly number[]>,
    /** Qualified name by handle (handles are small positive integers: an array indexed by handle). */
    private readonly qualified: readonly (string | undefined)[],
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
    await nextTurn();
    const qualifiedNames = r.requiredTexts(2);
    await nextTurn();
    const byName = new Map<string, number | number[]>();
    const qualified: (string | undefined)[] = [];
    const note = (name: string, id: number): void => {
      const known = byName.get(name);
      if (known === undefined) byName.set(name, id);
      else if (typeof known === 'number') {
        if (known !== id) byName.set(name, [known, id]);
      } else if (known[known.length - 1] !== id) known.push(id);
    };
    for (let i = 0; i < ids.length; i++) {
      if (i % NOTED_PER_TURN === NOTED_PER_TURN - 1) await nextTurn();
      const id = ids[i]!;
      note(names[i]!, id);
      note(qualifiedNames[i]!, id);
      qualified[id] = qualifiedNames[i]!;
    }
    return new NameIndex(byName, qualified);
  }

  /**
   * @param names - Short or qualified names.
   * @returns Handles of the symbols whose short or qualified name is one of `names`, each once.
   */
  idsNamed(names: readonly string[]): number[] {
    const out = new Set<number>();
    for (const name of names) {
      const known = this.byName.get(name);
      if (typeof known === 'number') out.add(known);
      else for (const id of known ?? []) out.add(id);
    }
    return [...out];
  }

  /**
   * @param ids - Symbol handles.
   * @returns Qualified name by handle, for the handles that exist.
   */
  qualifiedNames(ids: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    for (const id of ids) {
      const name = Number.isInteger(id) && id > 0 ? this.qualified[id] : undefined;
      if (name !== undefined) out.set(id, name);
    }
    return out;
  }
}
