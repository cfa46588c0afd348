/**
 * Keeps the stored resolution keys (`hint_keys`, `slot_keys`) up to date while a run inserts files, and collects what
 * an incremental run's re-resolution starts from: the keys of the symbols it removed and added, and its own hints
 * (`docs/architecture/index-semantics.md`, "What an incremental run re-resolves").
 *
 * @packageDocumentation
 */
import type { Database } from 'better-sqlite3';
import type { AnalyzedFile } from '../../core/model.js';
import { hintKeys, slotTypeKeys, symbolKeys } from '../../core/resolution-keys.js';
import { BatchedInsert } from './sqlite-bulk-load.js';

/** What an incremental run hands to re-resolution. */
export interface RunKeys {
  /** Keys of every symbol the run removed or added. */
  readonly touched: ReadonlySet<string>;
  /** Hints of the edges the run inserted or removed (always re-resolved). */
  readonly hints: ReadonlySet<string>;
}

/** Writes resolution keys of inserted files and remembers a run's touched keys and hints. */
export class SqliteKeyWriter implements RunKeys {
  readonly touched = new Set<string>();
  readonly hints = new Set<string>();
  private readonly hintRows: BatchedInsert;
  private readonly slotRows: BatchedInsert;
  /** Only an incremental run needs the touched keys. */
  private readonly incremental: boolean;

  /**
   * @param db - Writer connection inside the run's transaction; the key tables must exist.
   * @param incremental - Collect the keys of inserted symbols (a full run resolves everything anyway).
   */
  constructor(db: Database, incremental: boolean) {
    this.incremental = incremental;
    this.hintRows = new BatchedInsert(db, 'hint_keys', ['key', 'hint'], 'INSERT OR IGNORE');
    this.slotRows = new BatchedInsert(db, 'slot_keys', ['key', 'holder'], 'INSERT OR IGNORE');
  }

  /**
   * Queue the key rows of one inserted file.
   *
   * @param analyzed - The file.
   */
  writeFile({ analysis }: AnalyzedFile): void {
    for (const edges of [analysis.calls, analysis.references]) {
      for (const { targetHint: hint } of edges) {
        if (hint === null || this.hints.has(hint)) continue;
        this.hints.add(hint);
        for (const key of hintKeys(hint)) this.hintRows.add(key, hint);
      }
    }
    for (const symbol of analysis.symbols) {
      // A full run needs a symbol's keys only for its slot rows: most symbols have no slot types.
      if (!this.incremental && symbol.slotTypes === undefined) continue;
      const keys = symbolKeys(symbol.name, symbol.qualifiedName);
      if (this.incremental) for (const key of keys) this.touched.add(key);
      if (symbol.slotTypes === undefined) continue;
      for (const type of slotTypeKeys(symbol.slotTypes)) for (const key of keys) this.slotRows.add(type, key);
    }
  }

  /**
   * Record symbols and edge hints a run removes.
   *
   * @param symbols - `(name, qualified_name)` of removed symbols.
   * @param hints - Hints of removed edges.
   */
  remove(symbols: readonly (readonly [string, string])[], hints: readonly string[]): void {
    for (const [name, qualifiedName] of symbols)
      for (const key of symbolKeys(name, qualifiedName)) this.touched.add(key);
    for (const hint of hints) this.hints.add(hint);
  }

  /** Insert the queued rows. */
  flush(): void {
    this.hintRows.flush();
    this.slotRows.flush();
  }
}

/**
 * Delete the key rows of hints that no edge holds any more, among `hints`.
 *
 * @param db - Writer connection.
 * @param hints - Hints an incremental run re-resolved.
 */
export function dropOrphanHints(db: Database, hints: readonly string[]): void {
  const drop = db.prepare('DELETE FROM hint_keys WHERE key = ? AND hint = ?');
  for (const hint of hints) for (const key of hintKeys(hint)) drop.run(key, hint);
}
