/**
 * The overlay: how an incremental run publishes O(changed) bytes instead of a copy of the whole index.
 *
 * The active index is an immutable **base** file (`index.duckdb`, written by a full run or a compaction) plus at most
 * one small **overlay** file (`index.overlay.duckdb`) holding everything that changed since that base:
 *
 * - `removed_files` / `removed_failures`: base files (by handle) and base failures (by path) that are hidden;
 * - `files`, `symbols`, `calls`, `refs`, `findings`, `failures`: the rows of every file analyzed since the base, with
 *   handles above the base's;
 * - `calls_target` / `refs_target`: base edges, by `(file_id, ordinal)`, whose resolved target differs from the one
 *   stored in the base (a run can resolve an unchanged file's edge to a new symbol);
 * - `metrics`: every symbol whose fan-in/fan-out differs from the base's, `(0, 0)` meaning "no row";
 * - `hint_keys`, `slot_keys`: the key rows of the overlay's own rows (`KEY_TABLES`), carried into the base by a
 *   compaction; `symbol_keys` stays empty (a run computes the overlay's symbol keys from its few symbols);
 * - `meta`: the inventory of the latest run and the `generation` of the base it applies to.
 *
 * Each run writes a whole new overlay (the previous one's rows it keeps plus its own) and publishes it with one atomic
 * rename, so a reader sees the old or the new state. Readers open the base, attach the overlay, and read through
 * views named like the base tables ({@link overlayViewsSql}), so every query text stays the same. An overlay whose
 * generation differs from the base it sits beside is stale (a full run or a compaction published a newer base) and is
 * ignored; `duckdb-reader.ts` checks that the base did not change while it opened the pair.
 *
 * When the overlay would hold more than {@link overlayFileLimit} files, the run compacts instead: it copies the base,
 * applies the overlay and the run to the copy, and publishes it as a new base (the previous design, now the
 * exception), then removes the overlay.
 *
 * @packageDocumentation
 */
// `node:fs`, not `node:fs/promises`: this module is in the read bundle, which no read command should make load it.
import { statSync } from 'node:fs';
import {
  DERIVED_COLUMNS,
  LOADED_COLUMNS,
  STORED_TABLES,
  createTable,
  keyTablesDdl,
  loadedColumns,
} from './duckdb-schema.js';

/** Edge tables and the column holding their written text. */
export const EDGE_TEXT = { calls: 'callee_text', refs: 'target_text' } as const;

/** An edge table. */
export type EdgeTable = keyof typeof EDGE_TEXT;

const TARGET_COLUMNS = 'file_id INTEGER, ordinal INTEGER, target_id INTEGER';

/**
 * DDL of an overlay file's tables inside catalog `catalog`.
 *
 * @param catalog - Name the overlay file is attached as.
 * @param dimension - Vector length of the index's embedder.
 * @returns One statement per table.
 */
export function overlayTablesDdl(catalog: string, dimension: number): string[] {
  return [
    `CREATE TABLE ${catalog}.meta (contract_version INTEGER, layout VARCHAR, meta_json VARCHAR, base_generation BIGINT)`,
    `CREATE TABLE ${catalog}.removed_files (id INTEGER)`,
    `CREATE TABLE ${catalog}.removed_failures (path VARCHAR)`,
    ...STORED_TABLES.map((table) => createTable(`${catalog}.${table}`, loadedColumns(table, dimension))),
    `CREATE TABLE ${catalog}.calls_target (${TARGET_COLUMNS})`,
    `CREATE TABLE ${catalog}.refs_target (${TARGET_COLUMNS})`,
    createTable(`${catalog}.metrics`, DERIVED_COLUMNS.metrics),
    ...keyTablesDdl(catalog),
  ];
}

const columnsOf = (table: (typeof STORED_TABLES)[number]): string[] => LOADED_COLUMNS[table].map((c) => c.name);

/**
 * The logical content of one edge table: base edges that are neither hidden nor re-targeted, re-targeted base edges
 * with their overlay target, and the overlay's own edges. Three branches rather than one outer join, so a filter on
 * `target_id` still reaches the base table's scan (and its index).
 *
 * @param table - Edge table.
 * @param base - Catalog of the base.
 * @param overlay - Catalog of the overlay.
 * @returns A `SELECT` in the base table's column order.
 */
function edgeSelect(table: EdgeTable, base: string, overlay: string): string {
  const columns = columnsOf(table);
  const plain = columns.map((c) => `e.${c}`).join(', ');
  const retargeted = columns.map((c) => (c === 'target_id' ? 't.target_id' : `e.${c}`)).join(', ');
  return `SELECT ${plain} FROM ${base}.${table} e
    WHERE e.file_id NOT IN (SELECT id FROM ${overlay}.removed_files)
      AND NOT EXISTS (SELECT 1 FROM ${overlay}.${table}_target t WHERE t.file_id = e.file_id AND t.ordinal = e.ordinal)
  UNION ALL SELECT ${retargeted} FROM ${overlay}.${table}_target t
    JOIN ${base}.${table} e ON e.file_id = t.file_id AND e.ordinal = t.ordinal
  UNION ALL SELECT ${columns.join(', ')} FROM ${overlay}.${table}`;
}

/** A table readers see through an overlay's view. */
export type LogicalTable = 'files' | 'failures' | 'symbols' | 'findings' | 'calls' | 'refs' | 'metrics';

/**
 * The logical content of every table, as `SELECT`s over a base and an overlay catalog.
 *
 * @param base - Catalog of the base.
 * @param overlay - Catalog of the overlay.
 * @returns One `SELECT` per logical table.
 */
export function logicalTables(base: string, overlay: string): Readonly<Record<LogicalTable, string>> {
  // `symbols` ends with one column per embedding dimension, the same in the base and its overlay (an embedder change
  // rebuilds both): `*` lists them without knowing the dimension.
  const byFile = (table: 'symbols' | 'findings'): string => {
    const columns = table === 'symbols' ? '*' : columnsOf(table).join(', ');
    return `SELECT ${columns} FROM ${base}.${table}
       WHERE file_id NOT IN (SELECT id FROM ${overlay}.removed_files)
     UNION ALL SELECT ${columns} FROM ${overlay}.${table}`;
  };
  return {
    files: `SELECT ${columnsOf('files').join(', ')} FROM ${base}.files
              WHERE id NOT IN (SELECT id FROM ${overlay}.removed_files)
            UNION ALL SELECT ${columnsOf('files').join(', ')} FROM ${overlay}.files`,
    failures: `SELECT ${columnsOf('failures').join(', ')} FROM ${base}.failures
                 WHERE path NOT IN (SELECT path FROM ${overlay}.removed_failures)
               UNION ALL SELECT ${columnsOf('failures').join(', ')} FROM ${overlay}.failures`,
    symbols: byFile('symbols'),
    findings: byFile('findings'),
    calls: edgeSelect('calls', base, overlay),
    refs: edgeSelect('refs', base, overlay),
    metrics: `SELECT symbol_id, fan_in, fan_out FROM ${base}.metrics
                WHERE symbol_id NOT IN (SELECT symbol_id FROM ${overlay}.metrics)
              UNION ALL SELECT symbol_id, fan_in, fan_out FROM ${overlay}.metrics WHERE fan_in <> 0 OR fan_out <> 0`,
  };
}

/**
 * Views named like the base tables that present base + overlay as one index.
 *
 * @param base - Catalog of the base.
 * @param overlay - Catalog of the overlay.
 * @param create - The statement's head up to the view name: `CREATE TEMP VIEW ` for a read session (temporary
 * views shadow the base tables), `CREATE VIEW <catalog>.main.` in a writer.
 * @returns One statement per table.
 */
export function overlayViewsSql(base: string, overlay: string, create: string): string[] {
  return Object.entries(logicalTables(base, overlay)).map(([name, select]) => `${create}${name} AS ${select}`);
}

/** Default largest number of analyzed files an overlay holds before a run compacts (see {@link overlayFileLimit}). */
const MIN_OVERLAY_FILES = 64;

/**
 * The largest number of files (analyzed since the base, or hidden) an overlay may hold; a run that would exceed it
 * compacts into a new base instead. A tenth of the base, at least {@link MIN_OVERLAY_FILES}: the overlay's rows are
 * then small against the base, so its views cost little at query time, and a compaction (which costs about one copy
 * of the base) comes once per that many changed files. `$CODIRA_DUCKDB_OVERLAY_FILES` overrides it (tests use it to
 * force either path).
 *
 * @param baseFiles - Files (and failures) stored in the base.
 * @returns The limit.
 */
export function overlayFileLimit(baseFiles: number): number {
  const override = process.env['CODIRA_DUCKDB_OVERLAY_FILES'];
  if (override !== undefined && override !== '' && Number.isInteger(Number(override))) return Number(override);
  return Math.max(MIN_OVERLAY_FILES, Math.ceil(baseFiles / 10));
}

/**
 * Whether a file exists (the overlay is optional; readers and writers look before attaching it).
 *
 * @param path - File path.
 * @returns `true` when `stat` succeeds.
 */
export async function fileExists(path: string): Promise<boolean> {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
