/**
 * Storage layout of the DuckDB index: file name, layout version, and the DDL of its tables.
 *
 * Plain strings only, so the read path can share it without loading the writer's modules.
 *
 * - Analyzer output (`files`, `symbols`, `calls`, `refs`, `findings`, `failures`) is bulk-appended as it arrives.
 *   Derived state is the `target_id` of edges (appended null, then set with one set-based `UPDATE` that touches only
 *   rows whose resolution changed) and the narrow `metrics` table.
 * - Edges and findings are keyed by `(file_id, ordinal)`, the row's position in its file's analyzer output; the ordinal
 *   is also the last tie-breaker of every order, matching the reference backend's stable sorts.
 * - Each symbol's embedding is one uncompressed `FLOAT` column per dimension (`e0` … `e127`), so a query's similarity
 *   is scored in the engine over the few columns its vector uses (`nearestEmbeddings`) instead of every vector crossing
 *   into JavaScript. Earlier layouts, measured on 100k symbols × 128 dimensions: a `FLOAT[128]` column cost 3–4× more
 *   insert and checkpoint time (and scored 2× slower than columns, session 18); one blob per file was fast to write but
 *   made every incremental run rewrite all vectors; one `BLOB` per symbol (layouts ≤ 10) had to be read whole.
 * - Types are chosen for size: `INTEGER` handles and lines, `BIGINT` only for byte sizes and mtimes, an `ENUM` for the
 *   symbol kind (one byte; members in code point order so `ORDER BY kind` is text order).
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import { SYMBOL_KINDS as MODEL_SYMBOL_KINDS, type SymbolKind } from '../../core/model.js';
import { compareText } from '../../core/text.js';
import { sqlStringList } from '../sql-text.js';
import { ABSENT } from '../store-identity.js';

/**
 * The store identity of a base and its overlay (`store-identity.ts` identities of each file).
 *
 * @param base - The base file's identity.
 * @param overlay - The overlay file's identity ({@link ABSENT} when there is none).
 * @returns The pair's identity, or `null` when either is uncertain or the base is missing.
 */
export function pairIdentity(base: string | null, overlay: string | null): string | null {
  return base === null || base === ABSENT || overlay === null ? null : `${base}|${overlay}`;
}

/** File name of the active index inside the state directory. */
export const INDEX_FILE_NAME = 'index.duckdb';

/** Version of the table layout below; bump on any change so old files read as `version` and get rebuilt. */
export const STORAGE_LAYOUT = 12;

/** Engine and layout version reported as the factory version and stored in the index. */
export const DUCKDB_BACKEND_VERSION = `duckdb-1.5.6+layout.${STORAGE_LAYOUT}`;

/** Symbol kinds in code point order: the member order of the stored `ENUM`, hence the sort order of `kind`. */
export const SYMBOL_KINDS: readonly SymbolKind[] = Object.freeze([...MODEL_SYMBOL_KINDS].sort(compareText));

/** One column of a table: name and DuckDB type. */
export interface ColumnSpec {
  readonly name: string;
  readonly sqlType: string;
}

/**
 * Tables the writer bulk-loads through Arrow batches. `run_paths` is the in-memory path list of an incremental run;
 * `hint_keys` and `slot_keys` are the stored resolution keys ({@link KEY_TABLES}).
 */
export type LoadedTable =
  'files' | 'symbols' | 'calls' | 'refs' | 'findings' | 'failures' | 'run_paths' | 'hint_keys' | 'slot_keys';

/** Tables holding derived state only, rebuilt set-based by `rebuildDerived`. */
export type DerivedTable = 'metrics';

const KIND_TYPE = `ENUM${sqlStringList(SYMBOL_KINDS)}`;

const col = (name: string, sqlType: string): ColumnSpec => ({ name, sqlType });
const FILE_RECORD = [
  col('path', 'VARCHAR'),
  col('hash', 'VARCHAR'),
  col('size', 'BIGINT'),
  col('mtime_ms', 'BIGINT'),
  col('analyzer', 'VARCHAR'),
];
const EDGE_KEY = [col('file_id', 'INTEGER'), col('ordinal', 'INTEGER')];

/**
 * The embedding's columns in `symbols`, one per dimension of the index's embedder (its inventory), in dimension
 * order; they follow the {@link LOADED_COLUMNS} of `symbols`.
 *
 * @param dimension - Vector length.
 * @returns Column names `e0` … `e<dimension − 1>`.
 */
export function embeddingColumns(dimension: number): string[] {
  return Array.from({ length: dimension }, (_, d) => `e${d}`);
}

/**
 * Columns of a loaded table for an index of this embedding dimension.
 *
 * @param table - The table.
 * @param dimension - Vector length of the index's embedder.
 * @returns {@link LOADED_COLUMNS}, plus the embedding columns for `symbols`.
 */
export function loadedColumns(table: LoadedTable, dimension: number): readonly ColumnSpec[] {
  if (table !== 'symbols') return LOADED_COLUMNS[table];
  // Hash-n-gram vectors barely compress; analyzing them costs more checkpoint time than it saves in bytes.
  const embedding = embeddingColumns(dimension).map((name) => col(name, 'FLOAT USING COMPRESSION uncompressed'));
  return [...LOADED_COLUMNS.symbols, ...embedding];
}

/** Columns of each loaded table, in the column order of its Arrow batches. */
export const LOADED_COLUMNS: Readonly<Record<LoadedTable, readonly ColumnSpec[]>> = Object.freeze({
  files: [
    col('id', 'INTEGER'),
    ...FILE_RECORD,
    col('language', 'VARCHAR'),
    col('module', 'VARCHAR'),
    // The file's word lists for ctx's lexical signal (`src/core/field-words.ts`): handle of its first symbol, distinct
    // words, postings (uint16 or int32 little-endian) and whole-scored fields (JSON or NULL). A symbol-less file stores an empty
    // list. Columns of the files table so that they ride the overlay's file replacement; other reads never select them.
    col('first_symbol_id', 'INTEGER'),
    col('words', 'VARCHAR'),
    col('word_postings', 'BLOB'),
    col('irregular_fields', 'VARCHAR'),
  ],
  symbols: [
    col('id', 'INTEGER'),
    col('file_id', 'INTEGER'),
    col('name', 'VARCHAR'),
    col('qualified_name', 'VARCHAR'),
    col('kind', KIND_TYPE),
    col('start_line', 'INTEGER'),
    col('end_line', 'INTEGER'),
    col('signature', 'VARCHAR'),
    col('docstring', 'VARCHAR'),
    col('exported', 'BOOLEAN'),
    // Declared slot types of a callable (deferred candidates); NULL for most symbols.
    col('slot_types', 'VARCHAR'),
    // Lexical search text: name, qualified name and docstring, each lower-cased by JavaScript (the reference
    // semantics), joined by NUL. Matching is then a plain substring test; lower() at query time cost 2–3× more.
    col('search_text', 'VARCHAR'),
    // Then one FLOAT column per embedding dimension (`loadedColumns`).
  ],
  calls: [
    ...EDGE_KEY,
    col('caller_id', 'INTEGER'),
    col('line', 'INTEGER'),
    col('callee_text', 'VARCHAR'),
    col('target_hint', 'VARCHAR'),
    col('target_id', 'INTEGER'),
  ],
  refs: [
    ...EDGE_KEY,
    col('owner_id', 'INTEGER'),
    col('line', 'INTEGER'),
    col('target_text', 'VARCHAR'),
    col('target_hint', 'VARCHAR'),
    col('target_id', 'INTEGER'),
  ],
  findings: [
    ...EDGE_KEY,
    col('line', 'INTEGER'),
    col('rule', 'VARCHAR'),
    col('symbol', 'VARCHAR'),
    col('message', 'VARCHAR'),
  ],
  failures: [...FILE_RECORD, col('reason', 'VARCHAR')],
  run_paths: [col('path', 'VARCHAR')],
  hint_keys: [col('key', 'VARCHAR'), col('hint', 'VARCHAR')],
  slot_keys: [col('key', 'VARCHAR'), col('holder', 'VARCHAR')],
});

/** Columns of the derived tables. */
export const DERIVED_COLUMNS: Readonly<Record<DerivedTable, readonly ColumnSpec[]>> = Object.freeze({
  metrics: [col('symbol_id', 'INTEGER'), col('fan_in', 'INTEGER'), col('fan_out', 'INTEGER')],
});

/** Loaded tables stored in the index file. */
export const STORED_TABLES: readonly LoadedTable[] = ['files', 'symbols', 'calls', 'refs', 'findings', 'failures'];

/**
 * Stored resolution keys (`src/core/resolution-keys.ts`; `docs/architecture/index-semantics.md`, "What an
 * incremental run re-resolves"), so an incremental run finds what it must re-resolve by index lookups instead of
 * scanning every edge hint and every slot type:
 *
 * - `hint_keys (key, hint)`: each key of each stored edge hint, written from JavaScript during persist (the reference's
 *   own functions). Rows of hints no edge holds any more may stay until the next full run: they only cost a needless
 *   re-resolution.
 * - `slot_keys (key, holder)`: for each symbol with slot types, each key its slot types name, against each key of the
 *   symbol; same lifetime rule.
 * - `symbol_keys (key, id, …)`: each key of each symbol (`symbolKeys`) with the symbol's columns that resolution reads,
 *   built set-based after the load; lets a run resolve its few hints against the few symbols that can answer them
 *   by one index lookup, without reading the symbol table (which has no index: see {@link INDEXES}).
 */
export const KEY_TABLES = ['hint_keys', 'slot_keys', 'symbol_keys'] as const;

/** Columns of `symbols` that resolution reads (`resolvePairs` in `duckdb-derived.ts`). */
export const RESOLUTION_COLUMNS = ['id', 'file_id', 'name', 'qualified_name', 'kind', 'start_line', 'slot_types'];

/** DDL of `symbol_keys` (not loaded from JavaScript, so not a {@link LoadedTable}). */
const SYMBOL_KEYS_COLUMNS = [
  col('key', 'VARCHAR'),
  ...LOADED_COLUMNS.symbols.filter((column) => RESOLUTION_COLUMNS.includes(column.name)),
];

/**
 * Create a table from its column specs.
 *
 * @param qualifiedName - `catalog.table` or a bare name.
 * @param columns - Its columns.
 * @returns The statement.
 */
export function createTable(qualifiedName: string, columns: readonly ColumnSpec[]): string {
  return `CREATE TABLE ${qualifiedName} (${columns.map((c) => `${c.name} ${c.sqlType}`).join(', ')})`;
}

/**
 * DDL of the index file's tables inside catalog `catalog`.
 *
 * @param catalog - Name the index file is attached as.
 * @param dimension - Vector length of the index's embedder.
 * @returns One statement per table, the `meta` table first.
 */
export function indexTablesDdl(catalog: string, dimension: number): string[] {
  return [
    `CREATE TABLE ${catalog}.meta (contract_version INTEGER, layout VARCHAR, meta_json VARCHAR, generation BIGINT)`,
    ...STORED_TABLES.map((table) => createTable(`${catalog}.${table}`, loadedColumns(table, dimension))),
    ...keyTablesDdl(catalog),
    ...(Object.keys(DERIVED_COLUMNS) as DerivedTable[]).map((table) =>
      createTable(`${catalog}.${table}`, DERIVED_COLUMNS[table]),
    ),
  ];
}

/**
 * DDL of the key tables ({@link KEY_TABLES}) inside catalog `catalog` (a base or an overlay).
 *
 * @param catalog - Name the file is attached as.
 * @returns One statement per table.
 */
export function keyTablesDdl(catalog: string): string[] {
  return [
    createTable(`${catalog}.hint_keys`, LOADED_COLUMNS.hint_keys),
    createTable(`${catalog}.slot_keys`, LOADED_COLUMNS.slot_keys),
    createTable(`${catalog}.symbol_keys`, SYMBOL_KEYS_COLUMNS),
  ];
}

/** A table that may get ART indexes after a full run's load. */
export type IndexedTable = 'calls' | 'refs' | (typeof KEY_TABLES)[number];

/**
 * ART indexes, created after the bulk load of a full run. Each serves an edge lookup of the read path that would
 * otherwise scan and decompress the whole edge table (measured on 100k symbols: 20–90 ms per lookup without, 2–5 ms
 * with). `symbols` gets none on purpose: DuckDB rewrites every row group of an indexed table at the checkpoint after
 * an append, so an incremental run would rewrite all symbols, vectors included (the file doubled in size).
 */
export const INDEXES: readonly { readonly name: string; readonly table: IndexedTable; readonly column: string }[] = [
  { name: 'calls_by_caller', table: 'calls', column: 'caller_id' },
  { name: 'calls_by_target', table: 'calls', column: 'target_id' },
  { name: 'refs_by_owner', table: 'refs', column: 'owner_id' },
  { name: 'refs_by_target', table: 'refs', column: 'target_id' },
  // Incremental runs only: the edges of the few hints a change can affect, the hints of the keys it touched.
  { name: 'calls_by_hint', table: 'calls', column: 'target_hint' },
  { name: 'refs_by_hint', table: 'refs', column: 'target_hint' },
  { name: 'hint_keys_by_key', table: 'hint_keys', column: 'key' },
  { name: 'slot_keys_by_key', table: 'slot_keys', column: 'key' },
  { name: 'symbol_keys_by_key', table: 'symbol_keys', column: 'key' },
];

/**
 * Tables with fewer rows get no index: scanning them takes a millisecond or two, and the indexes would be a tenth
 * of a small index file (measured: requests 733 KB with, 651 KB without).
 */
export const INDEX_MIN_ROWS = 20_000;

/**
 * DDL of the in-memory table holding an incremental run's changed and deleted paths.
 *
 * @returns One statement.
 */
export function runPathsDdl(): string {
  return createTable('run_paths', LOADED_COLUMNS.run_paths);
}

/**
 * Block size of new index files: 16 KiB, the smallest DuckDB accepts. DuckDB's default (256 KiB) made every measured
 * corpus larger (self 3.9 MB vs 1.3 MB, rxjs 4.7 MB vs 1.8 MB, networkx 16.0 MB vs 11.6 MB, django 12.6 MB vs
 * 11.1 MB), at equal index time; only a synthetic 100k-symbol index was 9 % smaller with big blocks.
 */
export const INDEX_BLOCK_SIZE = 16_384;

/**
 * Storage format of new index files (base and overlay). DuckDB writes a file in the format of the oldest version it
 * names (by default v0.10.2, so that old releases can still read it): there, each column's distinct statistics
 * (HyperLogLog) are converted to the old 16 384-register sketch when a checkpoint writes them, and back when a file is
 * attached. That conversion is a fixed cost per column, ~0.15 ms each: the ~90 columns of an overlay made it most of a
 * one-file run's `CHECKPOINT` (measured on networkx, `docs/process/evidence/s19-duckonefile/`). Files are read only by
 * the DuckDB this package ships, so new files use a recent format; a file written with the default stays readable, and
 * a compaction keeps its base's format.
 */
export const INDEX_STORAGE_VERSION = 'v1.4.0';

/**
 * Options of the `ATTACH` that creates a new index file.
 *
 * @returns The parenthesised option list.
 */
export function newIndexFileOptions(): string {
  return `(BLOCK_SIZE ${INDEX_BLOCK_SIZE}, STORAGE_VERSION '${INDEX_STORAGE_VERSION}')`;
}

/** Separator of the fields in a symbol's search text; a query term containing it is matched field by field. */
export const SEARCH_SEPARATOR = '\u0000';

/**
 * The stored lexical search text of a symbol.
 *
 * @param name - Short name.
 * @param qualifiedName - Qualified name.
 * @param docstring - Docstring or `null`.
 * @returns The fields lower-cased one by one (as the reference backend does) and joined by {@link SEARCH_SEPARATOR}.
 */
export function searchText(name: string, qualifiedName: string, docstring: string | null): string {
  return [name, qualifiedName, docstring ?? ''].map((field) => field.toLowerCase()).join(SEARCH_SEPARATOR);
}

/** File name of the overlay beside the base index (see `duckdb-overlay.ts`). */
export const OVERLAY_FILE_NAME = 'index.overlay.duckdb';

/**
 * Path of the overlay file.
 *
 * @param stateDir - The state directory (`<output-dir>/.codira`).
 * @returns Absolute path of `index.overlay.duckdb`.
 */
export function overlayFilePath(stateDir: string): string {
  return join(stateDir, OVERLAY_FILE_NAME);
}

/**
 * Path of the active index file.
 *
 * @param stateDir - The state directory (`<output-dir>/.codira`).
 * @returns Absolute path of `index.duckdb`.
 */
export function indexFilePath(stateDir: string): string {
  return join(stateDir, INDEX_FILE_NAME);
}
