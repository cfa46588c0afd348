/**
 * Symbol outlines by handle (`ReadSession.symbolOutlinesById`): the columns that place and order a symbol, without its
 * signature, docstring and short name.
 *
 * `symbols` has no index on its handle, so a read by handle scans the handle column and decodes, for each other column
 * it projects, every vector that holds a picked row. `ctx` picks its ~100 candidates (the lexical and embedding
 * winners) across the whole table, so each projected text column is decoded nearly whole: on SymPy the signatures,
 * docstrings and short names were ~8 of the read's ~15 ms of CPU in a fresh process, for the ~10 rows it prints
 * (issue 12, session 23). The outlines read the integer columns, the kind codes and the qualified names; the printed
 * rows are read in full afterwards.
 *
 * @packageDocumentation
 */
import type { SymbolOutline } from '../../core/model.js';
import { compareSymbols } from '../../core/text.js';
import type { DuckDbReadScope } from './duckdb-read-files.js';
import { handleCondition } from './duckdb-read-sql.js';
import { SYMBOL_KINDS } from './duckdb-schema.js';

/**
 * @param scope - Connection and file identity.
 * @param ids - Symbol handles.
 * @returns The outlines of those symbols, in symbol order (the order and values of `symbolsById`).
 */
export async function symbolOutlinesById(scope: DuckDbReadScope, ids: readonly number[]): Promise<SymbolOutline[]> {
  const condition = handleCondition('s.id', ids);
  if (condition === null) return [];
  const r = await scope.db.select(
    `SELECT s.id, s.file_id, s.qualified_name, s.kind, s.start_line, s.end_line FROM symbols s WHERE ${condition}`,
  );
  const fileIds = r.requiredInts(1);
  const files = await scope.fileInfo(fileIds);
  const qualifiedNames = r.requiredTexts(2);
  const kinds = r.codes(3);
  const startLines = r.requiredInts(4);
  const endLines = r.requiredInts(5);
  return r
    .requiredInts(0)
    .map((id, i): SymbolOutline => ({
      id,
      path: files.get(fileIds[i]!)!.path,
      qualifiedName: qualifiedNames[i]!,
      kind: SYMBOL_KINDS[kinds[i]!]!,
      startLine: startLines[i]!,
      endLine: endLines[i]!,
    }))
    .sort((a, b) => compareSymbols(a, b) || a.id - b.id);
}
