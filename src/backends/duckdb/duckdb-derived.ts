/**
 * Set-based SQL for derived state: call and reference resolution and fan-in/fan-out, as specified in
 * `docs/architecture/index-semantics.md`, plus the removal of an incremental run's replaced rows.
 *
 * Resolution depends only on an edge's hint (a `|`-separated candidate list) and the symbol table, so it is computed
 * once per distinct hint into a `resolution` table and joined back (an edge without a hint stays unresolved). Edges are appended with a null `target_id`; one `UPDATE`
 * per edge table then sets every target that differs from the resolution, which in a full run is every resolved edge
 * and in an incremental run only the new edges and those whose resolution changed. Metrics are diffed the same way.
 *
 * All statements write to the attached index only, so they can share one transaction with the appends.
 *
 * @packageDocumentation
 */
import { CALLABLE_KINDS, HINT_SEPARATOR, NAME_RESOLVABLE_KINDS } from '../../core/model.js';
import { sqlString, sqlStringList } from '../sql-text.js';
import { EDGE_TEXT, type EdgeTable } from './duckdb-overlay.js';
import { INDEXES, INDEX_MIN_ROWS } from './duckdb-schema.js';

/** Catalog name the index file is attached as in a write session. */
export const INDEX_CATALOG = 'idx';

const I = INDEX_CATALOG;
const CALLABLE = sqlStringList(CALLABLE_KINDS);
const NAME_RESOLVABLE = sqlStringList(NAME_RESOLVABLE_KINDS);
const SEP = sqlString(HINT_SEPARATOR);

/**
 * The resolution of distinct `(hint, text)` pairs, into a new table `into`: each hint's candidates in order, each
 * distinct candidate answered once (qualified name, or `prefix*suffix`), the first answered candidate wins; the text
 * plays no part (`docs/architecture/index-semantics.md`).
 *
 * @param source - Catalog (or schema) holding `calls`, `refs`, `symbols` and `files`.
 * @param into - Qualified name of the table to create.
 * @param pairs - Table of `(hint, text)` pairs to resolve; default: every pair of the edges in `source`.
 * @returns One statement.
 */
function resolutionSql(source: string, into: string, pairs?: string): string {
  const edges =
    pairs === undefined
      ? `SELECT DISTINCT target_hint AS hint, callee_text AS text FROM ${source}.calls
  UNION
  SELECT DISTINCT target_hint AS hint, target_text AS text FROM ${source}.refs`
      : `SELECT hint, text FROM ${pairs}`;
  return `CREATE TABLE ${into} AS
WITH edges AS (
  ${edges}
),
hint_cands AS (
  SELECT hint, unnest(range(1, len(parts) + 1)) AS ord, unnest(parts) AS cand
  FROM (SELECT hint, string_split(hint, ${SEP}) AS parts FROM (SELECT DISTINCT hint FROM edges WHERE hint IS NOT NULL))
),
cands AS (SELECT DISTINCT cand FROM hint_cands),
by_qn AS (
  SELECT s.qualified_name AS cand, first(s.id ORDER BY f.path, s.start_line, s.kind, s.id) AS id
  FROM ${source}.symbols s JOIN ${source}.files f ON f.id = s.file_id
  WHERE s.kind IN ${CALLABLE} AND s.qualified_name IN (SELECT cand FROM cands WHERE NOT contains(cand, '*'))
  GROUP BY s.qualified_name
),
suffixes AS (
  SELECT cand, prefix, suffix, split_part(suffix, '.', -1) AS name, contains(suffix, '.') AS dotted
  FROM (SELECT cand, substr(cand, 1, strpos(cand, '*') - 1) AS prefix, substr(cand, strpos(cand, '*') + 1) AS suffix
        FROM cands WHERE contains(cand, '*'))
),
by_suffix AS (
  SELECT x.cand, CASE WHEN count(*) = 1 THEN min(s.id) END AS id
  FROM suffixes x JOIN ${source}.symbols s ON s.name = x.name
  WHERE (s.kind IN ${NAME_RESOLVABLE} OR (x.dotted AND s.kind IN ${CALLABLE}))
    AND starts_with(s.qualified_name, x.prefix)
    AND (s.qualified_name = x.suffix OR ends_with(s.qualified_name, '.' || x.suffix))
  GROUP BY x.cand
),
answers AS (
  SELECT h.hint, h.ord, coalesce(q.id, x.id) AS id
  FROM hint_cands h LEFT JOIN by_qn q ON q.cand = h.cand LEFT JOIN by_suffix x ON x.cand = h.cand
),
resolved AS (SELECT hint, arg_min(id, ord) FILTER (WHERE id IS NOT NULL) AS target_id FROM answers GROUP BY hint)
SELECT e.hint, e.text, r.target_id FROM edges e LEFT JOIN resolved r ON r.hint = e.hint`;
}

const RESOLUTION = resolutionSql(I, `${I}.resolution`);

/**
 * Set `target_id` of every edge of `table` whose stored target differs from the resolution.
 *
 * @param table - Edge table.
 * @param qualified - The table's qualified name (default: in the attached index).
 * @param resolution - The resolution table (default: in the attached index).
 * @returns One statement.
 */
function resolveEdgesSql(table: EdgeTable, qualified = `${I}.${table}`, resolution = `${I}.resolution`): string {
  const text = EDGE_TEXT[table];
  return `UPDATE ${qualified} SET target_id = r.target_id FROM ${resolution} r
  WHERE r.hint IS NOT DISTINCT FROM ${table}.target_hint AND r.text = ${table}.${text}
    AND ${table}.target_id IS DISTINCT FROM r.target_id`;
}

/**
 * `(symbol_id, fan_in, fan_out)` of every symbol with a resolved call edge.
 *
 * @param source - Catalog (or schema) holding `calls`.
 * @returns A `SELECT`.
 */
function metricsSelect(source: string): string {
  return `WITH resolved AS (SELECT DISTINCT caller_id, target_id FROM ${source}.calls WHERE target_id IS NOT NULL)
SELECT coalesce(fi.id, fo.id) AS symbol_id, coalesce(fi.n, 0)::INTEGER AS fan_in, coalesce(fo.n, 0)::INTEGER AS fan_out
FROM (SELECT target_id AS id, count(*) AS n FROM resolved GROUP BY target_id) fi
FULL OUTER JOIN (SELECT caller_id AS id, count(*) AS n FROM resolved GROUP BY caller_id) fo ON fo.id = fi.id
ORDER BY symbol_id`;
}

const METRICS = metricsSelect(I);

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
    resolveEdgesSql('calls'),
    resolveEdgesSql('refs'),
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
    resolveEdgesSql('calls'),
    resolveEdgesSql('refs'),
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

/** What an overlay run's derived state depends on, besides the catalogs. */
export interface OverlayRun {
  /** Catalog of the base (read-only). */
  readonly base: string;
  /** Catalog of the overlay being written. */
  readonly overlay: string;
  /** Catalog holding the logical views (base + overlay). */
  readonly views: string;
  /** Table of `(qualified_name, name, kind)` of the symbols this run removed (from the base or the previous overlay). */
  readonly gone: string;
  /** First file and symbol handles of this run: rows at or above them are new. */
  readonly firstFileId: number;
  readonly firstSymbolId: number;
}

/**
 * Statements that bring an overlay's derived state up to date after a run. An edge's target is rule 1 of its hint,
 * else rule 2 of its text, which depends only on the symbols with that qualified name or short name, so only edges naming a
 * symbol the run removed or added, and the run's own edges, are re-resolved (the same argument as the SQLite
 * backend's). Overlay edges get their target inline; a re-resolved base edge gets a row in `<edge>_target` exactly
 * when its target differs from the one stored in the base. Metrics are recounted over the logical call table (two
 * integer columns) and `metrics` receives every symbol whose metrics differ from the base's.
 *
 * @param run - Catalogs and the run's first handles.
 * @returns Statements to run in order.
 */
export function overlayDerivedSql(run: OverlayRun): string[] {
  const { base, overlay, views, gone } = run;
  const fileId = validHandle(run.firstFileId);
  const symbolId = validHandle(run.firstSymbolId);
  // Scratch tables live in the overlay: a transaction may write one attached database only.
  const touched = `${overlay}.touched`;
  const pairs = `${overlay}.pairs`;
  const resolution = `${overlay}.resolution`;
  const next = `${overlay}.next_metrics`;
  // An edge can change only if one of its candidates names a touched symbol: a qualified-name candidate contains
  // the symbol's name, and so does a suffix candidate ending in it — `contains` is a cheap superset of both.
  const naming = (text: string): string => {
    void text;
    return `(target_hint IS NOT NULL AND EXISTS (SELECT 1 FROM ${touched} t WHERE contains(target_hint, t.name)))`;
  };
  const candidates = (table: EdgeTable): string => `${overlay}.candidates_${table}`;
  // One scan per base edge table (of the hint and text columns) finds the visible base edges naming a touched
  // symbol; everything after it works on those few rows.
  const findCandidates = (table: EdgeTable): string =>
    `CREATE TABLE ${candidates(table)} AS
     SELECT file_id, ordinal, target_id AS stored, target_hint AS hint, ${EDGE_TEXT[table]} AS text
     FROM ${base}.${table}
     WHERE ${naming(EDGE_TEXT[table])} AND file_id NOT IN (SELECT id FROM ${overlay}.removed_files)`;
  const allPairs = (['calls', 'refs'] as const)
    .flatMap((table) => [
      `SELECT hint, text FROM ${candidates(table)}`,
      `SELECT target_hint, ${EDGE_TEXT[table]} FROM ${overlay}.${table}
       WHERE ${naming(EDGE_TEXT[table])} OR file_id >= ${fileId}`,
    ])
    .join('\n    UNION ');
  const retarget = (table: EdgeTable): string[] => {
    const scratch = `${overlay}.retargeted_${table}`;
    return [
      `CREATE TABLE ${scratch} AS
       SELECT c.file_id, c.ordinal, c.stored, r.target_id AS resolved FROM ${candidates(table)} c
       JOIN ${resolution} r ON r.hint IS NOT DISTINCT FROM c.hint AND r.text = c.text`,
      `DELETE FROM ${overlay}.${table}_target t
       WHERE EXISTS (SELECT 1 FROM ${scratch} x WHERE x.file_id = t.file_id AND x.ordinal = t.ordinal)`,
      `INSERT INTO ${overlay}.${table}_target SELECT file_id, ordinal, resolved FROM ${scratch}
       WHERE stored IS DISTINCT FROM resolved`,
      `DROP TABLE ${scratch}`,
      `DROP TABLE ${candidates(table)}`,
    ];
  };
  const same = ['symbol_id', 'fan_in', 'fan_out'].map((column) => `n.${column} = t.${column}`).join(' AND ');
  return [
    `CREATE TABLE ${touched} AS SELECT qualified_name, name, kind FROM ${gone}
     UNION ALL SELECT qualified_name, name, kind FROM ${overlay}.symbols WHERE id >= ${symbolId}`,
    findCandidates('calls'),
    findCandidates('refs'),
    `CREATE TABLE ${pairs} AS ${allPairs}`,
    resolutionSql(views, resolution, pairs),
    resolveEdgesSql('calls', `${overlay}.calls`, resolution),
    resolveEdgesSql('refs', `${overlay}.refs`, resolution),
    ...retarget('calls'),
    ...retarget('refs'),
    `DROP TABLE ${resolution}`,
    `DROP TABLE ${pairs}`,
    `DROP TABLE ${touched}`,
    `DELETE FROM ${overlay}.metrics`,
    `CREATE TABLE ${next} AS ${metricsSelect(views)}`,
    `INSERT INTO ${overlay}.metrics SELECT n.* FROM ${next} n
     WHERE NOT EXISTS (SELECT 1 FROM ${base}.metrics t WHERE ${same})`,
    `INSERT INTO ${overlay}.metrics SELECT t.symbol_id, 0, 0 FROM ${base}.metrics t
     WHERE t.symbol_id NOT IN (SELECT symbol_id FROM ${next})`,
    `DROP TABLE ${next}`,
  ];
}

function validHandle(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`bad handle ${id}`);
  return id;
}
