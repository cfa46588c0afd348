/**
 * Set-based SQL for derived state: call and reference resolution and fan-in/fan-out, as specified in
 * `docs/architecture/index-semantics.md`, plus the removal of an incremental run's replaced rows.
 *
 * Resolution depends only on an edge's `(target_hint, text)` pair and the symbol table, so it is computed once per
 * distinct pair into a `resolution` table and joined back. Full runs insert the derived tables directly; incremental
 * runs compute the new derived rows and apply only the difference (delete what changed, insert what is new).
 *
 * All statements write to the attached index only, so they can share one transaction with the appends.
 *
 * @packageDocumentation
 */

/** Catalog name the index file is attached as in a write session. */
export const INDEX_CATALOG = 'idx';

const I = INDEX_CATALOG;
const CALLABLE = `('class', 'function', 'method')`;
const NAME_RESOLVABLE = `('class', 'function')`;

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

/** Resolved edges of `table` as `(file_id, ordinal, target_id)`, in key order. */
function targetsSql(table: 'calls' | 'refs', textColumn: string): string {
  return `SELECT e.file_id, e.ordinal, r.target_id FROM ${I}.${table} e
  JOIN ${I}.resolution r ON r.hint IS NOT DISTINCT FROM e.target_hint AND r.text = e.${textColumn}
  WHERE r.target_id IS NOT NULL ORDER BY e.file_id, e.ordinal`;
}

/** `(symbol_id, fan_in, fan_out)` of every symbol with a resolved call edge, from `call_targets`. */
const METRICS = `WITH resolved AS (
  SELECT DISTINCT c.caller_id, t.target_id FROM ${I}.call_targets t
  JOIN ${I}.calls c ON c.file_id = t.file_id AND c.ordinal = t.ordinal
)
SELECT coalesce(fi.id, fo.id) AS symbol_id, coalesce(fi.n, 0)::INTEGER AS fan_in, coalesce(fo.n, 0)::INTEGER AS fan_out
FROM (SELECT target_id AS id, count(*) AS n FROM resolved GROUP BY target_id) fi
FULL OUTER JOIN (SELECT caller_id AS id, count(*) AS n FROM resolved GROUP BY caller_id) fo ON fo.id = fi.id
ORDER BY symbol_id`;

/**
 * Statements that build the derived tables of a full run (they start empty).
 *
 * @returns Statements to run in order.
 */
export function fullDerivedSql(): string[] {
  return [
    RESOLUTION,
    `INSERT INTO ${I}.call_targets ${targetsSql('calls', 'callee_text')}`,
    `INSERT INTO ${I}.ref_targets ${targetsSql('refs', 'target_text')}`,
    `DROP TABLE ${I}.resolution`,
    `INSERT INTO ${I}.metrics ${METRICS}`,
  ];
}

/**
 * Statements that bring the derived tables up to date after an incremental run changed the loaded tables: new
 * derived rows are computed in full (resolution depends on the whole symbol table) and only the difference is written.
 *
 * @returns Statements to run in order.
 */
export function incrementalDerivedSql(): string[] {
  const diff = (table: string, next: string, key: string[]): string[] => {
    const same = key.map((column) => `n.${column} = t.${column}`).join(' AND ');
    return [
      `DELETE FROM ${I}.${table} t WHERE NOT EXISTS (SELECT 1 FROM ${I}.${next} n WHERE ${same})`,
      `INSERT INTO ${I}.${table} SELECT * FROM ${I}.${next} n WHERE NOT EXISTS (SELECT 1 FROM ${I}.${table} t WHERE ${same})`,
      `DROP TABLE ${I}.${next}`,
    ];
  };
  return [
    RESOLUTION,
    `CREATE TABLE ${I}.next_call_targets AS ${targetsSql('calls', 'callee_text')}`,
    `CREATE TABLE ${I}.next_ref_targets AS ${targetsSql('refs', 'target_text')}`,
    `DROP TABLE ${I}.resolution`,
    ...diff('call_targets', 'next_call_targets', ['file_id', 'ordinal', 'target_id']),
    ...diff('ref_targets', 'next_ref_targets', ['file_id', 'ordinal', 'target_id']),
    `CREATE TABLE ${I}.next_metrics AS ${METRICS}`,
    ...diff('metrics', 'next_metrics', ['symbol_id', 'fan_in', 'fan_out']),
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
    ...['symbols', 'calls', 'refs', 'findings', 'call_targets', 'ref_targets'].map(
      (table) => `DELETE FROM ${I}.${table} WHERE file_id IN ${runFiles}`,
    ),
    `DELETE FROM ${I}.files WHERE path IN (SELECT path FROM run_paths)`,
    `DELETE FROM ${I}.failures WHERE path IN (SELECT path FROM run_paths)`,
  ];
}
