/**
 * Set-based SQL that moves staged rows into the index and (re)builds derived state: call and reference resolution
 * and fan-in/fan-out, as specified in `docs/architecture/index-semantics.md`.
 *
 * Resolution depends only on an edge's `(target_hint, text)` pair and the symbol table, so it is computed once per
 * distinct pair into the in-memory `resolution` table and joined back; incremental runs then update only the edges
 * and symbols whose derived values actually changed.
 *
 * @packageDocumentation
 */
import { stagedColumns } from './duckdb-schema.js';

/** Catalog name the index file is attached as in a write session. */
export const INDEX_CATALOG = 'idx';

const CALLABLE = `('class', 'function', 'method')`;
const NAME_RESOLVABLE = `('class', 'function')`;

/**
 * Build the `resolution(hint, text, target_id)` table from a symbol table, its files and the edge tables.
 *
 * @param schema - Where the tables live: `stage` (staging tables of a full run) or `index` (the attached index).
 * @param target - Name of the table to create; inside an incremental transaction it must live in the index catalog,
 *   since one DuckDB transaction writes to one database only.
 * @returns One statement.
 */
export function resolutionSql(schema: 'stage' | 'index', target: string): string {
  const t = tableNames(schema);
  return `CREATE OR REPLACE TABLE ${target} AS
WITH edges AS (
  SELECT DISTINCT target_hint AS hint, callee_text AS text FROM ${t.calls}
  UNION
  SELECT DISTINCT target_hint AS hint, target_text AS text FROM ${t.refs}
),
by_hint AS (
  SELECT s.qualified_name AS hint, first(s.id ORDER BY f.path, s.start_line, s.kind, s.id) AS id
  FROM ${t.symbols} s JOIN ${t.files} f ON f.id = s.file_id
  WHERE s.kind IN ${CALLABLE} AND s.qualified_name IN (SELECT hint FROM edges)
  GROUP BY s.qualified_name
),
by_name AS (
  SELECT name AS text, min(id) AS id FROM ${t.symbols}
  WHERE kind IN ${NAME_RESOLVABLE}
  GROUP BY name HAVING count(*) = 1
)
SELECT e.hint, e.text, coalesce(h.id, CASE WHEN NOT contains(e.text, '.') THEN n.id END) AS target_id
FROM edges e LEFT JOIN by_hint h ON h.hint = e.hint LEFT JOIN by_name n ON n.text = e.text`;
}

/**
 * Statements of a full run after all batches are staged: resolve against the staged symbols, then insert every table
 * into the (empty) index with its derived columns, in handle order.
 *
 * @param dimension - Embedding vector length.
 * @returns Statements to run in order.
 */
export function fullMoveSql(dimension: number): string[] {
  const cols = stagedColumns(dimension);
  const list = (table: keyof typeof cols, alias: string): string =>
    cols[table].map((c) => `${alias}.${c.name}`).join(', ');
  const i = INDEX_CATALOG;
  return [
    resolutionSql('stage', 'resolution'),
    `INSERT INTO ${i}.files SELECT * FROM stage_files ORDER BY id`,
    `INSERT INTO ${i}.calls SELECT ${list('calls', 'c')}, r.target_id FROM stage_calls c
     LEFT JOIN resolution r ON r.hint IS NOT DISTINCT FROM c.target_hint AND r.text = c.callee_text
     ORDER BY c.file_id, c.ordinal`,
    `INSERT INTO ${i}.refs SELECT ${list('refs', 'x')}, r.target_id FROM stage_refs x
     LEFT JOIN resolution r ON r.hint IS NOT DISTINCT FROM x.target_hint AND r.text = x.target_text
     ORDER BY x.file_id, x.ordinal`,
    `INSERT INTO ${i}.symbols SELECT ${list('symbols', 's')}, coalesce(m.fan_in, 0), coalesce(m.fan_out, 0)
     FROM stage_symbols s LEFT JOIN (${metricsSql()}) m ON m.id = s.id
     ORDER BY s.id`,
    `INSERT INTO ${i}.findings SELECT * FROM stage_findings`,
    `INSERT INTO ${i}.failures SELECT * FROM stage_failures ORDER BY path`,
    'DROP TABLE resolution',
  ];
}

/**
 * Statements of an incremental run, meant for one transaction: remove the rows of changed and deleted paths, move the
 * staged rows in, re-resolve every edge whose resolution changed, and update metrics that changed.
 *
 * @param dimension - Embedding vector length.
 * @returns Statements to run in order.
 */
export function incrementalSwapSql(dimension: number): string[] {
  const cols = stagedColumns(dimension);
  const names = (table: keyof typeof cols): string => cols[table].map((c) => c.name).join(', ');
  const i = INDEX_CATALOG;
  const runFiles = `(SELECT id FROM ${i}.files WHERE path IN (SELECT path FROM stage_run_paths))`;
  return [
    ...(['symbols', 'calls', 'refs', 'findings'] as const).map(
      (table) => `DELETE FROM ${i}.${table} WHERE file_id IN ${runFiles}`,
    ),
    `DELETE FROM ${i}.files WHERE path IN (SELECT path FROM stage_run_paths)`,
    `DELETE FROM ${i}.failures WHERE path IN (SELECT path FROM stage_run_paths)`,
    `INSERT INTO ${i}.files SELECT * FROM stage_files`,
    `INSERT INTO ${i}.symbols (${names('symbols')}, fan_in, fan_out) SELECT *, 0, 0 FROM stage_symbols`,
    `INSERT INTO ${i}.calls (${names('calls')}) SELECT * FROM stage_calls`,
    `INSERT INTO ${i}.refs (${names('refs')}) SELECT * FROM stage_refs`,
    `INSERT INTO ${i}.findings SELECT * FROM stage_findings`,
    `INSERT INTO ${i}.failures SELECT * FROM stage_failures`,
    resolutionSql('index', `${i}.resolution`),
    `UPDATE ${i}.calls SET target_id = r.target_id FROM ${i}.resolution r
     WHERE r.hint IS NOT DISTINCT FROM calls.target_hint AND r.text = calls.callee_text
       AND calls.target_id IS DISTINCT FROM r.target_id`,
    `UPDATE ${i}.refs SET target_id = r.target_id FROM ${i}.resolution r
     WHERE r.hint IS NOT DISTINCT FROM refs.target_hint AND r.text = refs.target_text
       AND refs.target_id IS DISTINCT FROM r.target_id`,
    `UPDATE ${i}.symbols SET fan_in = m.fan_in, fan_out = m.fan_out
     FROM (SELECT s.id, coalesce(x.fan_in, 0) AS fan_in, coalesce(x.fan_out, 0) AS fan_out
           FROM ${i}.symbols s LEFT JOIN (${metricsSql()}) x ON x.id = s.id) m
     WHERE symbols.id = m.id AND (symbols.fan_in <> m.fan_in OR symbols.fan_out <> m.fan_out)`,
    `DROP TABLE ${i}.resolution`,
  ];
}

/**
 * Fan-in and fan-out of every symbol with a resolved call edge, from the index's `calls` table (full runs insert the
 * calls first, so both run kinds read the same table).
 */
function metricsSql(): string {
  const i = INDEX_CATALOG;
  return `WITH resolved AS (SELECT DISTINCT caller_id, target_id FROM ${i}.calls WHERE target_id IS NOT NULL)
SELECT coalesce(fi.id, fo.id) AS id, coalesce(fi.n, 0)::INTEGER AS fan_in, coalesce(fo.n, 0)::INTEGER AS fan_out
FROM (SELECT target_id AS id, count(*) AS n FROM resolved GROUP BY target_id) fi
FULL OUTER JOIN (SELECT caller_id AS id, count(*) AS n FROM resolved GROUP BY caller_id) fo ON fo.id = fi.id`;
}

function tableNames(schema: 'stage' | 'index'): Record<'files' | 'symbols' | 'calls' | 'refs', string> {
  const name = (table: string): string => (schema === 'stage' ? `stage_${table}` : `${INDEX_CATALOG}.${table}`);
  return { files: name('files'), symbols: name('symbols'), calls: name('calls'), refs: name('refs') };
}
