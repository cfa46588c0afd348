/**
 * Derived state in set-based SQL: call and reference resolution and fan-in/fan-out
 * (`docs/architecture/index-semantics.md`, "Derived state"). Every statement runs inside the writer's transaction.
 *
 * Resolution depends only on an edge's hint (a `|`-separated candidate list) and the symbol table, so it is computed
 * once per distinct hint: hints are split into `(hint, ord, cand)` rows, each distinct candidate is answered once
 * (rule 1 by qualified name, rule 2 by `prefix*suffix` through the `(name, kind)` index), and each hint takes the answer of its
 * first answered candidate (`temp.resolution`). A full run joins every edge to it; an incremental run writes only the
 * edges whose target changes and recomputes the metrics of symbols that gained or lost an edge (`temp.affected`).
 *
 * @packageDocumentation
 */
import type { Database } from 'better-sqlite3';
import { CALLABLE_KINDS, HINT_SEPARATOR, NAME_RESOLVABLE_KINDS } from '../../core/model.js';
import { sqlString, sqlStringList } from '../sql-text.js';

const CALLABLE = sqlStringList(CALLABLE_KINDS);
const NAMED = sqlStringList(NAME_RESOLVABLE_KINDS);
const SEP = sqlString(HINT_SEPARATOR);

/** Temp table an incremental run fills while deleting (`prepare`) and reads in {@link rebuildIncremental}. */
export const INCREMENTAL_TEMP_TABLES = `
CREATE TEMP TABLE affected (id INTEGER PRIMARY KEY);
`;

type EdgeTable = 'calls' | 'refs';
const columns = (table: EdgeTable): { owner: string } =>
  table === 'calls' ? { owner: 'caller_id' } : { owner: 'owner_id' };

/**
 * The last `.`-segment of a SQL text expression (everything after its last dot).
 *
 * @param text - SQL expression of a text.
 * @returns SQL expression of its last segment.
 */
const lastSegment = (text: string): string => `substr(${text}, length(rtrim(${text}, replace(${text}, '.', ''))) + 1)`;

/**
 * Build `temp.resolution (hint, id)`: the target of every distinct non-null hint of the edge tables.
 *
 * @param db - Writer connection; symbol indexes in place.
 */
function buildResolution(db: Database): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.hint_cands;
    DROP TABLE IF EXISTS temp.cand_target;
    DROP TABLE IF EXISTS temp.resolution;
    CREATE TEMP TABLE hint_cands (hint TEXT NOT NULL, ord INTEGER NOT NULL, cand TEXT NOT NULL);
    INSERT INTO temp.hint_cands
      WITH RECURSIVE hints(hint) AS (
        SELECT target_hint FROM calls WHERE target_hint IS NOT NULL
        UNION SELECT target_hint FROM refs WHERE target_hint IS NOT NULL),
      split(hint, ord, cand, rest) AS (
        SELECT hint, 0, NULL, hint || ${SEP} FROM hints
        UNION ALL
        SELECT hint, ord + 1, substr(rest, 1, instr(rest, ${SEP}) - 1), substr(rest, instr(rest, ${SEP}) + 1)
        FROM split WHERE rest <> '')
      SELECT hint, ord, cand FROM split WHERE ord > 0;
    CREATE TEMP TABLE cand_target (cand TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID;
    INSERT INTO temp.cand_target
      SELECT cand, CASE WHEN star = 0 THEN
        (SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id
          WHERE s.qualified_name = c.cand AND s.kind IN ${CALLABLE}
          ORDER BY f.path, s.start_line, s.kind, s.id LIMIT 1)
      ELSE
        (SELECT CASE WHEN count(*) = 1 THEN min(s.id) END FROM symbols s
          WHERE s.name = ${lastSegment('c.suffix')}
            AND (s.kind IN ${NAMED} OR (instr(c.suffix, '.') > 0 AND s.kind IN ${CALLABLE}))
            AND substr(s.qualified_name, 1, length(c.prefix)) = c.prefix
            AND (s.qualified_name = c.suffix
              OR substr(s.qualified_name, -length(c.suffix) - 1) = '.' || c.suffix))
      END
      FROM (SELECT cand, star, substr(cand, 1, max(star - 1, 0)) AS prefix, substr(cand, star + 1) AS suffix
            FROM (SELECT DISTINCT cand, instr(cand, '*') AS star FROM temp.hint_cands)) c;
    CREATE TEMP TABLE resolution (hint TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO temp.resolution
      SELECT hint, id FROM (
        SELECT h.hint, t.id, row_number() OVER (PARTITION BY h.hint ORDER BY h.ord) AS rank
        FROM temp.hint_cands h JOIN temp.cand_target t ON t.cand = h.cand WHERE t.id IS NOT NULL)
      WHERE rank = 1;
    DROP TABLE temp.hint_cands;
    DROP TABLE temp.cand_target;`);
}

/**
 * Resolve every edge and recompute every metric. Expects the symbol indexes and no edge indexes (the `UPDATE`
 * would otherwise maintain them row by row); `createEdgeIndexes` runs between resolution and metrics.
 *
 * @param db - Writer connection of a full run.
 * @param createEdgeIndexes - Builds the edge indexes the metrics queries read.
 */
export function rebuildFull(db: Database, createEdgeIndexes: () => void): void {
  buildResolution(db);
  for (const table of ['calls', 'refs'] as const) {
    db.exec(`UPDATE ${table} SET target_id = (SELECT id FROM temp.resolution r WHERE r.hint = ${table}.target_hint)`);
  }
  db.exec('DROP TABLE temp.resolution;');
  createEdgeIndexes();
  // INDEXED BY pins the covering index: without statistics the planner may pick the other one and sort.
  db.exec(`
    DELETE FROM metrics;
    INSERT INTO metrics (symbol_id, fan_in, fan_out)
      SELECT caller_id, 0, count(DISTINCT target_id) FROM calls INDEXED BY calls_caller
      WHERE target_id IS NOT NULL GROUP BY caller_id;
    INSERT INTO metrics (symbol_id, fan_in, fan_out)
      SELECT target_id, count(DISTINCT caller_id), 0 FROM calls INDEXED BY calls_target
      WHERE target_id IS NOT NULL GROUP BY target_id
      ON CONFLICT (symbol_id) DO UPDATE SET fan_in = excluded.fan_in;`);
}

function reresolve(db: Database, table: EdgeTable): void {
  const { owner } = columns(table);
  db.exec(`
    DROP TABLE IF EXISTS temp.changed_edges;
    CREATE TEMP TABLE changed_edges AS
      SELECT e.rowid AS rid, e.${owner} AS owner, e.target_id AS old, r.id AS new
      FROM ${table} e LEFT JOIN temp.resolution r ON r.hint = e.target_hint
      WHERE e.target_id IS NOT r.id;
    UPDATE ${table} SET target_id = c.new FROM temp.changed_edges c WHERE ${table}.rowid = c.rid;`);
  if (table === 'calls') {
    db.exec(`INSERT OR IGNORE INTO temp.affected
      SELECT owner FROM temp.changed_edges UNION SELECT old FROM temp.changed_edges WHERE old IS NOT NULL
      UNION SELECT new FROM temp.changed_edges WHERE new IS NOT NULL;`);
  }
  db.exec('DROP TABLE temp.changed_edges;');
}

/**
 * Re-resolve every edge against the new symbol table, write the ones whose target changed, and recompute the
 * metrics of affected symbols. `prepare` must have recorded the targets of removed calls in `temp.affected`.
 *
 * @param db - Writer connection of an incremental run, all indexes in place.
 */
export function rebuildIncremental(db: Database): void {
  buildResolution(db);
  reresolve(db, 'calls');
  reresolve(db, 'refs');
  db.exec('DROP TABLE temp.resolution;');
  db.exec(`
    DELETE FROM metrics WHERE symbol_id IN (SELECT id FROM temp.affected);
    INSERT INTO metrics (symbol_id, fan_in, fan_out)
      SELECT id, fan_in, fan_out FROM (
        SELECT a.id,
          (SELECT count(DISTINCT caller_id) FROM calls INDEXED BY calls_target WHERE target_id = a.id) AS fan_in,
          (SELECT count(DISTINCT target_id) FROM calls INDEXED BY calls_caller
            WHERE caller_id = a.id AND target_id IS NOT NULL) AS fan_out
        FROM temp.affected a JOIN symbols s ON s.id = a.id)
      WHERE fan_in > 0 OR fan_out > 0;
    DELETE FROM temp.affected;`);
}
