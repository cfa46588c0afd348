/**
 * Derived state in set-based SQL: call and reference resolution and fan-in/fan-out
 * (`docs/architecture/index-semantics.md`, "Derived state"). Every statement runs inside the writer's transaction.
 *
 * A full run resolves every edge. An incremental run re-resolves only edges whose answer can change: an edge's
 * target depends only on the callable symbols named like its hint and the class/function symbols named like its
 * text, so edges whose hint or text is a name added or removed by the run (`temp.touched_*`), plus the run's new
 * edges, are the complete affected set. Updates skip rows whose target is unchanged, so untouched pages stay clean.
 *
 * @packageDocumentation
 */
import type { Database } from 'better-sqlite3';

/** Temp tables of names whose symbols the run removed or added; filled by {@link recordTouchedNames}. */
export const TOUCHED_TABLES = `
CREATE TEMP TABLE touched_qn (qn TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE touched_name (name TEXT PRIMARY KEY) WITHOUT ROWID;
`;

/**
 * Record the names of a set of symbols as touched.
 *
 * @param db - Writer connection with {@link TOUCHED_TABLES} created.
 * @param symbolFilter - SQL condition on `symbols` (alias-free) selecting the symbols, e.g. `id >= 100`.
 */
export function recordTouchedNames(db: Database, symbolFilter: string): void {
  db.exec(`
    INSERT OR IGNORE INTO temp.touched_qn
      SELECT qualified_name FROM symbols WHERE (${symbolFilter}) AND kind IN ('class', 'function', 'method');
    INSERT OR IGNORE INTO temp.touched_name
      SELECT name FROM symbols WHERE (${symbolFilter}) AND kind IN ('class', 'function');
  `);
}

/**
 * The resolution rules as one scalar expression over an edge row `e`.
 * Rule 1: first callable symbol (in symbol order) whose qualified name is the hint.
 * Rule 2: the text has no `.` and names exactly one class or function.
 */
function targetExpression(textColumn: string): string {
  return `coalesce(
    (SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id
      WHERE s.qualified_name = e.target_hint AND s.kind IN ('class', 'function', 'method')
      ORDER BY f.path, s.start_line, s.kind, s.id LIMIT 1),
    CASE WHEN instr(e.${textColumn}, '.') = 0 THEN
      (SELECT CASE WHEN count(*) = 1 THEN min(s.id) END FROM symbols s
        WHERE s.name = e.${textColumn} AND s.kind IN ('class', 'function'))
    END)`;
}

function resolveEdges(db: Database, table: 'calls' | 'refs', firstNewSymbolId: number | null): number {
  const [owner, text] = table === 'calls' ? ['caller_id', 'callee_text'] : ['owner_id', 'target_text'];
  const scope =
    firstNewSymbolId === null
      ? ''
      : `WHERE e.target_hint IN (SELECT qn FROM temp.touched_qn)
           OR e.${text} IN (SELECT name FROM temp.touched_name)
           OR e.${owner} >= ${firstNewSymbolId}`;
  const sql = `
    UPDATE ${table} SET target_id = r.target
    FROM (SELECT e.rowid AS rid, ${targetExpression(text)} AS target FROM ${table} e ${scope}) AS r
    WHERE ${table}.rowid = r.rid AND ${table}.target_id IS NOT r.target`;
  return db.prepare(sql).run().changes;
}

/** Fan-in/fan-out of every symbol with at least one resolved call edge, computed from scratch. */
const METRICS_SELECT = `
  SELECT symbol_id, sum(fan_in) AS fan_in, sum(fan_out) AS fan_out FROM (
    SELECT target_id AS symbol_id, count(DISTINCT caller_id) AS fan_in, 0 AS fan_out
      FROM calls WHERE target_id IS NOT NULL GROUP BY target_id
    UNION ALL
    SELECT caller_id, 0, count(DISTINCT target_id)
      FROM calls WHERE target_id IS NOT NULL GROUP BY caller_id)
  GROUP BY symbol_id`;

function rebuildMetrics(db: Database, incremental: boolean): void {
  if (!incremental) {
    db.exec(`DELETE FROM metrics; INSERT INTO metrics (symbol_id, fan_in, fan_out) ${METRICS_SELECT};`);
    return;
  }
  // Compute in memory, then write only the differences: most metrics rows survive a small change untouched.
  db.exec(`
    DROP TABLE IF EXISTS temp.fresh_metrics;
    CREATE TEMP TABLE fresh_metrics (symbol_id INTEGER PRIMARY KEY, fan_in INTEGER, fan_out INTEGER);
    INSERT INTO temp.fresh_metrics ${METRICS_SELECT};
    DELETE FROM metrics WHERE symbol_id NOT IN (SELECT symbol_id FROM temp.fresh_metrics);
    INSERT OR REPLACE INTO metrics (symbol_id, fan_in, fan_out)
      SELECT n.symbol_id, n.fan_in, n.fan_out FROM temp.fresh_metrics n
      LEFT JOIN metrics m ON m.symbol_id = n.symbol_id
      WHERE m.symbol_id IS NULL OR m.fan_in <> n.fan_in OR m.fan_out <> n.fan_out;
    DROP TABLE temp.fresh_metrics;
  `);
}

/** What a derived-state rebuild changed (for tests and measurement). */
export interface DerivedChanges {
  /** Call rows whose `target_id` was written. */
  readonly calls: number;
  /** Reference rows whose `target_id` was written. */
  readonly refs: number;
}

/**
 * Resolve edges and recompute metrics.
 *
 * @param db - Writer connection inside the run's transaction, with secondary indexes in place.
 * @param firstNewSymbolId - `null` for a full run (resolve everything); otherwise the first symbol id the incremental
 *   run allocated, with {@link TOUCHED_TABLES} holding the removed names (new names are added here).
 * @returns How many edge rows changed target.
 */
export function rebuildDerivedState(db: Database, firstNewSymbolId: number | null): DerivedChanges {
  if (firstNewSymbolId !== null) recordTouchedNames(db, `id >= ${firstNewSymbolId}`);
  const calls = resolveEdges(db, 'calls', firstNewSymbolId);
  const refs = resolveEdges(db, 'refs', firstNewSymbolId);
  rebuildMetrics(db, firstNewSymbolId !== null);
  return { calls, refs };
}
