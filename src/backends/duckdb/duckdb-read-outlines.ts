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
import type { SymbolCard, SymbolOutline } from '../../core/model.js';
import { compareSymbols } from '../../core/text.js';
import type { DuckDbReadScope } from './duckdb-read-files.js';
import { handleCondition } from './duckdb-read-sql.js';
import { SYMBOL_KINDS } from './duckdb-schema.js';

/**
 * @param scope - Connection and file identity.
 * @param ids - Symbol handles.
 * @returns The outlines of those symbols, in symbol order (the order and values of `symbolsById`).
 */
export function symbolOutlinesById(scope: DuckDbReadScope, ids: readonly number[]): Promise<SymbolOutline[]> {
  return readById(scope, ids, false);
}

/**
 * The cards `ctx` prints: outlines with signature and docstring, without the short name (a dictionary-compressed text
 * column: SymPy, 35 rows, ~1 ms of the read's ~9 ms CPU in a fresh process; issue 12, session 24) and export flag.
 *
 * @param scope - Connection and file identity.
 * @param ids - Symbol handles.
 * @returns The cards of those symbols, in symbol order (the order and values of `symbolsById`).
 */
export function symbolCardsById(scope: DuckDbReadScope, ids: readonly number[]): Promise<SymbolCard[]> {
  return readById(scope, ids, true);
}

async function readById(scope: DuckDbReadScope, ids: readonly number[], texts: false): Promise<SymbolOutline[]>;
async function readById(scope: DuckDbReadScope, ids: readonly number[], texts: true): Promise<SymbolCard[]>;
/**
 * @param scope - Connection and file identity.
 * @param ids - Symbol handles.
 * @param texts - Whether to read signature and docstring as well.
 * @returns Outlines or cards, in symbol order.
 */
async function readById(scope: DuckDbReadScope, ids: readonly number[], texts: boolean): Promise<SymbolOutline[]> {
  const condition = handleCondition('s.id', ids);
  if (condition === null) return [];
  const r = await scope.db.select(
    `SELECT s.id, s.file_id, s.qualified_name, s.kind, s.start_line, s.end_line${texts ? ', s.signature, s.docstring' : ''}
       FROM symbols s WHERE ${condition}`,
  );
  const fileIds = r.requiredInts(1);
  const files = await scope.fileInfo(fileIds);
  const qualifiedNames = r.requiredTexts(2);
  const kinds = r.codes(3);
  const startLines = r.requiredInts(4);
  const endLines = r.requiredInts(5);
  const signatures = texts ? r.requiredTexts(6) : [];
  const docstrings = texts ? r.texts(7) : [];
  return r
    .requiredInts(0)
    .map((id, i): SymbolOutline | SymbolCard => {
      const outline: SymbolOutline = {
        id,
        path: files.get(fileIds[i]!)!.path,
        qualifiedName: qualifiedNames[i]!,
        kind: SYMBOL_KINDS[kinds[i]!]!,
        startLine: startLines[i]!,
        endLine: endLines[i]!,
      };
      return texts ? { ...outline, signature: signatures[i]!, docstring: docstrings[i] ?? null } : outline;
    })
    .sort((a, b) => compareSymbols(a, b) || a.id - b.id);
}
