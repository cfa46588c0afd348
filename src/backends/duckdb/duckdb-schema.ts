/**
 * Storage layout of the DuckDB index: file name, layout version, and the DDL of the stored and staging tables.
 *
 * Plain strings only, so the read path can share it without loading the writer's modules. Types are chosen for size:
 * `INTEGER` handles and lines (DuckDB bit-packs them), `BIGINT` only for byte sizes and mtimes, an `ENUM` for the
 * symbol kind (one byte, members in code point order so `ORDER BY kind` is text order), and `FLOAT[dim]` for
 * embeddings (fixed-size float32 vectors, stored bit-exact).
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { SymbolKind } from '../../core/model.js';
import { compareText } from '../../core/text.js';

/** File name of the active index inside the state directory. */
export const INDEX_FILE_NAME = 'index.duckdb';

/** Version of the table layout below; bump on any change so old files read as `version` and get rebuilt. */
export const STORAGE_LAYOUT = 1;

/** Engine and layout version reported as the factory version and stored in the index. */
export const DUCKDB_BACKEND_VERSION = `duckdb-1.5.6+layout.${STORAGE_LAYOUT}`;

/**
 * Block size of new index files. DuckDB's default (256 KiB) makes even a tiny index about 1 MB; 16 KiB (the smallest
 * DuckDB accepts) keeps small indexes small and was not slower on the measured corpora.
 */
export const INDEX_BLOCK_SIZE = 16_384;

/** Symbol kinds in code point order: the member order of the stored `ENUM`, hence the sort order of `kind`. */
export const SYMBOL_KINDS: readonly SymbolKind[] = Object.freeze(
  (['module', 'class', 'function', 'method', 'interface', 'type', 'enum', 'variable'] as SymbolKind[]).sort(
    compareText,
  ),
);

/**
 * One column of a table: name and DuckDB type. Edge and finding tables carry `ordinal`, the row's position in its
 * file's analyzer output, the final tie-breaker of every order (the reference backend's stable sort order).
 */
export interface ColumnSpec {
  readonly name: string;
  readonly sqlType: string;
}

/** Tables the writer bulk-loads through Arrow batches, in the column order of those batches. */
export type StagedTable = 'files' | 'symbols' | 'calls' | 'refs' | 'findings' | 'failures' | 'run_paths';

const KIND_TYPE = `ENUM(${SYMBOL_KINDS.map((kind) => `'${kind}'`).join(', ')})`;

/**
 * Columns of each staged table for an embedder of `dimension`. The stored tables have the same columns plus the
 * derived ones (see {@link storedTablesDdl}).
 *
 * @param dimension - Embedding vector length; 0 stores no vectors.
 * @returns Column specs per staged table.
 */
export function stagedColumns(dimension: number): Readonly<Record<StagedTable, readonly ColumnSpec[]>> {
  const col = (name: string, sqlType: string): ColumnSpec => ({ name, sqlType });
  const symbols = [
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
  ];
  if (dimension > 0) symbols.push(col('embedding', `FLOAT[${dimension}]`));
  const fileRecord = [
    col('path', 'VARCHAR'),
    col('hash', 'VARCHAR'),
    col('size', 'BIGINT'),
    col('mtime_ms', 'BIGINT'),
    col('analyzer', 'VARCHAR'),
  ];
  return {
    files: [col('id', 'INTEGER'), ...fileRecord, col('language', 'VARCHAR'), col('module', 'VARCHAR')],
    symbols,
    calls: [
      col('file_id', 'INTEGER'),
      col('ordinal', 'INTEGER'),
      col('caller_id', 'INTEGER'),
      col('line', 'INTEGER'),
      col('callee_text', 'VARCHAR'),
      col('target_hint', 'VARCHAR'),
    ],
    refs: [
      col('file_id', 'INTEGER'),
      col('ordinal', 'INTEGER'),
      col('owner_id', 'INTEGER'),
      col('line', 'INTEGER'),
      col('target_text', 'VARCHAR'),
      col('target_hint', 'VARCHAR'),
    ],
    findings: [
      col('file_id', 'INTEGER'),
      col('ordinal', 'INTEGER'),
      col('line', 'INTEGER'),
      col('rule', 'VARCHAR'),
      col('symbol', 'VARCHAR'),
      col('message', 'VARCHAR'),
    ],
    failures: [...fileRecord, col('reason', 'VARCHAR')],
    run_paths: [col('path', 'VARCHAR')],
  };
}

/** Derived columns the stored tables add to the staged ones. */
const DERIVED: Readonly<Partial<Record<StagedTable, readonly ColumnSpec[]>>> = {
  symbols: [
    { name: 'fan_in', sqlType: 'INTEGER' },
    { name: 'fan_out', sqlType: 'INTEGER' },
  ],
  calls: [{ name: 'target_id', sqlType: 'INTEGER' }],
  refs: [{ name: 'target_id', sqlType: 'INTEGER' }],
};

/** Tables of the index file, in creation order (the run path list is staging only). */
export const STORED_TABLES: readonly StagedTable[] = ['files', 'symbols', 'calls', 'refs', 'findings', 'failures'];

function createTable(qualifiedName: string, columns: readonly ColumnSpec[]): string {
  return `CREATE TABLE ${qualifiedName} (${columns.map((c) => `${c.name} ${c.sqlType}`).join(', ')})`;
}

/**
 * DDL of the index file's tables inside catalog `catalog`.
 *
 * @param catalog - Name the index file is attached as.
 * @param dimension - Embedding vector length.
 * @returns One statement per table, the `meta` table first.
 */
export function storedTablesDdl(catalog: string, dimension: number): string[] {
  const staged = stagedColumns(dimension);
  return [
    `CREATE TABLE ${catalog}.meta (contract_version INTEGER, layout VARCHAR, meta_json VARCHAR)`,
    ...STORED_TABLES.map((table) => createTable(`${catalog}.${table}`, [...staged[table], ...(DERIVED[table] ?? [])])),
  ];
}

/**
 * DDL of the in-memory staging tables the Arrow batches are appended to, named `stage_<table>`.
 *
 * @param dimension - Embedding vector length.
 * @returns One statement per staged table.
 */
export function stagingTablesDdl(dimension: number): string[] {
  const staged = stagedColumns(dimension);
  return (Object.keys(staged) as StagedTable[]).map((table) => createTable(stagingName(table), staged[table]));
}

/**
 * Name of a staging table in the in-memory catalog.
 *
 * @param table - Logical table.
 * @returns The unqualified staging table name.
 */
export function stagingName(table: StagedTable): string {
  return `stage_${table}`;
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
