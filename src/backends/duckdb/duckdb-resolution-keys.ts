/**
 * The stored resolution keys of a DuckDB run (`KEY_TABLES` in `duckdb-schema.ts`): the `hint_keys` and `slot_keys`
 * rows of the files a run persists, built with the reference's own key functions
 * (`docs/architecture/index-semantics.md`, "What an incremental run re-resolves").
 *
 * @packageDocumentation
 */
import type { RecordBatch } from 'apache-arrow';
import type { AnalyzedFile } from '../../core/model.js';
import { hintKeys, slotTypeKeys, symbolKeys } from '../../core/resolution-keys.js';
import { buildKeyBatch } from './duckdb-arrow-batches.js';

/** Key rows of one persisted batch, as Arrow batches for `hint_keys` and `slot_keys`. */
export interface KeyBatches {
  readonly hintKeys: RecordBatch;
  readonly slotKeys: RecordBatch;
}

/** Builds key rows, each hint once per run. */
export class KeyRows {
  private readonly hints = new Set<string>();

  /**
   * The key rows of a batch of files.
   *
   * @param batch - Files being persisted.
   * @returns Rows of the hints not seen earlier in the run, and the slot keys of every symbol with slot types.
   */
  build(batch: readonly AnalyzedFile[]): KeyBatches {
    const hintRows = { keys: [] as string[], values: [] as string[] };
    const slotRows = { keys: [] as string[], values: [] as string[] };
    for (const { analysis } of batch) {
      for (const edges of [analysis.calls, analysis.references]) {
        for (const { targetHint } of edges) {
          if (targetHint === null || this.hints.has(targetHint)) continue;
          this.hints.add(targetHint);
          for (const key of hintKeys(targetHint)) {
            hintRows.keys.push(key);
            hintRows.values.push(targetHint);
          }
        }
      }
      for (const symbol of analysis.symbols) {
        if (symbol.slotTypes === undefined) continue;
        const holders = symbolKeys(symbol.name, symbol.qualifiedName);
        for (const type of slotTypeKeys(symbol.slotTypes)) {
          for (const holder of holders) {
            slotRows.keys.push(type);
            slotRows.values.push(holder);
          }
        }
      }
    }
    return {
      hintKeys: buildKeyBatch('hint_keys', hintRows.keys, hintRows.values),
      slotKeys: buildKeyBatch('slot_keys', slotRows.keys, slotRows.values),
    };
  }
}
