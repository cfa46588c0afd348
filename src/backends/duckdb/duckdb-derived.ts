/**
 * Set-based SQL for derived state: call and reference resolution and fan-in/fan-out, as specified in
 * `docs/architecture/index-semantics.md`, plus the removal of an incremental run's replaced rows.
 *
 * Resolution depends only on an edge's `(target_hint, text)` pair and the symbol table, so it is computed once per
 * distinct pair into a `resolution` table and joined back. Edges are appended with a null `target_id`; one `UPDATE`
 * per edge table then sets every target that differs from the resolution, which in a full run is every resolved edge
 * and in an incremental run only the new edges and those whose resolution changed. Metrics are diffed the same way.
 *
 * All statements write to the attached index only, so they can share one transaction with the appends.
 *
 * @packageDocumentation
 */
import { CALLABLE_KINDS, NAME_RESOLVABLE_KINDS } from '../../core/model.js';
import { sqlStringList } from '../sql-text.js';
import { INDEXES, INDEX_MIN_ROWS } from './duckdb-schema.js';

/** Catalog name the index file is attached as in a write session. */
export const INDEX_CATALOG = 'idx';

const I = INDEX_CATALOG;
const CALLABLE = sqlStringList(CALLABLE_KINDS);
const NAME_RESOLVABLE = sqlStringList(NAME_RESOLVABLE_KINDS);

const RESOLUTION = `CREATE TABLE ${I}.resolution AS
WITH edges AS (
  SELECT DISTINCT target_hint AS hint, callee_text AS text FROM ${I}.calls
  UNION
  SELECT DISTINCT target_hint AS hint, target_text AS text FROM ${I}.refs
),
by_hint AS (
  SELECT s.qualified_name AS hint, first(s.id ORDER BY f.path, s.start_line, s.kind, s.id) AS id
  FROM ${I}.symbols s JOIN ${I}.files f ON f.id = s.file_id
  WHERE s.kind IN ${CALLABLE} AND s.qualified_name IN (SELECT hint FROM edges)
  GROUP BY s.qualified_name
),
by_name AS (
  SELECT name AS text, min(id) AS id FROM ${I}.symbols
  WHERE kind IN ${NAME_RESOLVABLE}
  GROUP BY name HAVING count(*) = 1
)
SELECT e.hint, e.text, coalesce(h.id, CASE WHEN NOT contains(e.text, '.') THEN n.id END) AS target_id
FROM edges e LEFT JOIN by_hint h ON h.hint = e.hint LEFT JOIN by_name n ON n.text = e.text`;

/**
 * Set `target_id` of every edge of `table` whose stored target differs from the resolution.
 *
 * @param table - Edge table.
 * @param textColumn - Its written-text column.
 * @returns One statement.
 */
function resolveEdgesSql(table: 'calls' | 'refs', textColumn: string): string {
  return `UPDATE ${I}.${table} SET target_id = r.target_id FROM ${I}.resolution r
  WHERE r.hint IS NOT DISTINCT FROM ${table}.target_hint AND r.text = ${table}.${textColumn}
    AND ${table}.target_id IS DISTINCT FROM r.target_id`;
}

/** `(symbol_id, fan_in, fan_out)` of every symbol with a resolved call edge. */
const METRICS = `WITH resolved AS (SELECT DISTINCT caller_id, target_id FROM ${I}.calls WHERE target_id IS NOT NULL)
SELECT coalesce(fi.id, fo.id) AS symbol_id, coalesce(fi.n, 0)::INTEGER AS fan_in, coalesce(fo.n, 0)::INTEGER AS fan_out
FROM (SELECT target_id AS id, count(*) AS n FROM resolved GROUP BY target_id) fi
FULL OUTER JOIN (SELECT caller_id AS id, count(*) AS n FROM resolved GROUP BY caller_id) fo ON fo.id = fi.id
ORDER BY symbol_id`;

/**
 * Statements that resolve every edge and build the metrics of a full run, then create the read path's indexes after
 * the bulk load (cheaper than maintaining them during appends) on the edge tables that have enough rows to need them.
 *
 * @param rows - Rows loaded per edge table.
 * @returns Statements to run in order.
 */
export function fullDerivedSql(rows: Readonly<Record<'calls' | 'refs', number>>): string[] {
  return [
    RESOLUTION,
    resolveEdgesSql('calls', 'callee_text'),
    resolveEdgesSql('refs', 'target_text'),
    `DROP TABLE ${I}.resolution`,
    `INSERT INTO ${I}.metrics ${METRICS}`,
    ...INDEXES.filter((index) => rows[index.table] >= INDEX_MIN_ROWS).map(
      (index) => `CREATE INDEX ${index.name} ON ${I}.${index.table} (${index.column})`,
    ),
  ];
}

/**
 * Statements that bring derived state up to date after an incremental run changed the loaded tables. Resolution is
 * computed over the whole symbol table (any added or removed symbol can change an unchanged file's edges), but only
 * the edges and metrics whose value changed are written.
 *
 * @returns Statements to run in order.
 */
export function incrementalDerivedSql(): string[] {
  const same = ['symbol_id', 'fan_in', 'fan_out'].map((column) => `n.${column} = t.${column}`).join(' AND ');
  return [
    RESOLUTION,
    resolveEdgesSql('calls', 'callee_text'),
    resolveEdgesSql('refs', 'target_text'),
    `DROP TABLE ${I}.resolution`,
    `CREATE TABLE ${I}.next_metrics AS ${METRICS}`,
    `DELETE FROM ${I}.metrics t WHERE NOT EXISTS (SELECT 1 FROM ${I}.next_metrics n WHERE ${same})`,
    `INSERT INTO ${I}.metrics SELECT * FROM ${I}.next_metrics n
     WHERE NOT EXISTS (SELECT 1 FROM ${I}.metrics t WHERE ${same})`,
    `DROP TABLE ${I}.next_metrics`,
  ];
}

/**
 * Statements that remove every stored row of the paths in the in-memory `run_paths` table (changed and deleted
 * files of an incremental run), before their replacements are appended.
 *
 * @returns Statements to run in order.
 */
export function removeRunPathsSql(): string[] {
  const runFiles = `(SELECT id FROM ${I}.files WHERE path IN (SELECT path FROM run_paths))`;
  return [
    ...['symbols', 'calls', 'refs', 'findings'].map(
      (table) => `DELETE FROM ${I}.${table} WHERE file_id IN ${runFiles}`,
    ),
    `DELETE FROM ${I}.files WHERE path IN (SELECT path FROM run_paths)`,
    `DELETE FROM ${I}.failures WHERE path IN (SELECT path FROM run_paths)`,
  ];
}
