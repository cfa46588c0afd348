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
  /** Keys of every symbol the run removed or added, but a symbol stored again as it was removed (see `remove`). */
  readonly touched: ReadonlySet<string>;
  /** Hints of the edges the run inserted or removed (always re-resolved). */
  readonly hints: ReadonlySet<string>;
}

/** What re-resolution reads of a stored symbol besides its file's path: a removed one, by handle. */
export interface RemovedSymbol {
  readonly id: number;
  readonly name: string;
  readonly qualifiedName: string;
  readonly kind: string;
  readonly startLine: number;
  readonly slotTypes: string | null;
}

/** Writes resolution keys of inserted files and remembers a run's touched keys and hints. */
export class SqliteKeyWriter implements RunKeys {
  private readonly touchedKeys = new Set<string>();
  readonly hints = new Set<string>();
  /** Removed symbols no stored symbol has matched yet, by handle. */
  private readonly removed = new Map<number, RemovedSymbol>();
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

  /** Keys of every symbol the run stored or removed, but of a symbol stored again as it was removed. */
  get touched(): ReadonlySet<string> {
    for (const symbol of this.removed.values()) {
      for (const key of symbolKeys(symbol.name, symbol.qualifiedName)) this.touchedKeys.add(key);
    }
    this.removed.clear();
    return this.touchedKeys;
  }

  /**
   * Queue the key rows of one inserted file.
   *
   * @param analyzed - The file.
   * @param firstId - The handle of its first symbol (the others follow in order).
   */
  writeFile({ analysis }: AnalyzedFile, firstId: number): void {
    for (const edges of [analysis.calls, analysis.references]) {
      for (const { targetHint: hint } of edges) {
        if (hint === null || this.hints.has(hint)) continue;
        this.hints.add(hint);
        for (const key of hintKeys(hint)) this.hintRows.add(key, hint);
      }
    }
    analysis.symbols.forEach((symbol, index) => {
      // A full run needs a symbol's keys only for its slot rows: most symbols have no slot types.
      if (!this.incremental && symbol.slotTypes === undefined) return;
      const keys = symbolKeys(symbol.name, symbol.qualifiedName);
      if (this.incremental) {
        const id = firstId + index;
        const old = this.removed.get(id);
        if (
          old !== undefined &&
          old.name === symbol.name &&
          old.qualifiedName === symbol.qualifiedName &&
          old.kind === symbol.kind &&
          old.startLine === symbol.startLine &&
          old.slotTypes === (symbol.slotTypes ?? null)
        ) {
          // Stored again as it was: every answer that read it reads the same (handle, path, names, kind, line, slots).
          this.removed.delete(id);
        } else {
          for (const key of keys) this.touchedKeys.add(key);
        }
      }
      if (symbol.slotTypes === undefined) return;
      for (const type of slotTypeKeys(symbol.slotTypes)) for (const key of keys) this.slotRows.add(type, key);
    });
  }

  /**
   * Record symbols and edge hints a run removes (before it writes any file). A removed symbol's keys are touched unless
   * the run stores it again as it was — same handle (a re-analysed file with the same symbol sequence takes its block
   * back, so the same path), name, qualified name, kind, start line and slot types, everything resolution reads of a
   * symbol: then no answer changes through it (`docs/architecture/index-semantics.md`, "What an incremental run
   * re-resolves"). An edit that leaves a file's declarations in place (a comment, a function body on its lines)
   * re-resolves only the file's own edges, not every hint naming one of its symbols.
   *
   * @param symbols - The removed symbols.
   * @param hints - Hints of removed edges.
   */
  remove(symbols: readonly RemovedSymbol[], hints: readonly string[]): void {
    for (const symbol of symbols) this.removed.set(symbol.id, symbol);
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
