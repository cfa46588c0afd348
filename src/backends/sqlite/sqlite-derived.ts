/**
 * Derived state in set-based SQL: call and reference resolution and fan-in/fan-out
 * (`docs/architecture/index-semantics.md`, "Derived state"). Every statement runs inside the writer's transaction.
 *
 * Full run: resolve through two temp lookup tables (first callable per qualified name in symbol order; the unique
 * class/function per short name) with one `UPDATE` per edge table, then count metrics from the covering edge indexes.
 *
 * Incremental run: an edge's target is `rule1(hint) ?? rule2(text)`, where rule 1 depends only on the callable
 * symbols with qualified name `hint` and rule 2 only on the class/function symbols named `text`. So only names whose
 * rule answer differs before and after the run (`temp.touched_*`, pruned to `before IS NOT after`) and the run's
 * new edges can change. Only rows whose target really changes are written, and metrics are recomputed only for
 * symbols that gained or lost an edge (`temp.affected`).
 *
 * @packageDocumentation
 */
import type { Database } from 'better-sqlite3';
import { CALLABLE_KINDS, NAME_RESOLVABLE_KINDS } from '../../core/model.js';
import { sqlStringList } from '../sql-text.js';

const CALLABLE = sqlStringList(CALLABLE_KINDS);
const NAMED = sqlStringList(NAME_RESOLVABLE_KINDS);

/** Temp tables an incremental run fills while deleting (`prepare`) and reads in {@link rebuildIncremental}. */
export const INCREMENTAL_TEMP_TABLES = `
CREATE TEMP TABLE touched_qn (qn TEXT PRIMARY KEY, before INTEGER, after INTEGER) WITHOUT ROWID;
CREATE TEMP TABLE touched_name (name TEXT PRIMARY KEY, before INTEGER, after INTEGER) WITHOUT ROWID;
CREATE TEMP TABLE affected (id INTEGER PRIMARY KEY);
`;

/**
 * Rule 1 as a scalar subquery: the first callable symbol, in symbol order, with a given qualified name.
 *
 * @param qn - SQL expression for the qualified name.
 * @param extra - Extra `AND …` condition on `s` (e.g. only symbols older than the run).
 * @returns The subquery text.
 */
function rule1(qn: string, extra = ''): string {
  return `(SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id
    WHERE s.qualified_name = ${qn} AND s.kind IN ${CALLABLE} ${extra}
    ORDER BY f.path, s.start_line, s.kind, s.id LIMIT 1)`;
}

/**
 * Rule 2 without the no-dot test, as a scalar subquery: the only class or function with a given short name.
 *
 * @param name - SQL expression for the short name.
 * @param extra - Extra `AND …` condition on `s`.
 * @returns The subquery text.
 */
function rule2(name: string, extra = ''): string {
  return `(SELECT CASE WHEN count(*) = 1 THEN min(s.id) END FROM symbols s
    WHERE s.name = ${name} AND s.kind IN ${NAMED} ${extra})`;
}

/**
 * Record the names of symbols about to be deleted, with their rule answers before the run.
 *
 * @param db - Writer connection with {@link INCREMENTAL_TEMP_TABLES} created, before any delete.
 * @param symbolFilter - SQL condition on `symbols` selecting the symbols, e.g. `id IN (SELECT id FROM gone)`.
 */
export function recordRemovedNames(db: Database, symbolFilter: string): void {
  db.exec(`
    INSERT OR IGNORE INTO temp.touched_qn (qn) SELECT qualified_name FROM symbols
      WHERE (${symbolFilter}) AND kind IN ${CALLABLE};
    INSERT OR IGNORE INTO temp.touched_name (name) SELECT name FROM symbols
      WHERE (${symbolFilter}) AND kind IN ${NAMED};
    UPDATE temp.touched_qn SET before = ${rule1('touched_qn.qn')};
    UPDATE temp.touched_name SET before = ${rule2('touched_name.name')};`);
}

/**
 * Add the names of the run's new symbols (their before-answer is computed over the symbols that existed before:
 * a name no deleted symbol had lost nothing to the delete), compute every after-answer, and keep only changes.
 *
 * @param db - Writer connection of the incremental run.
 * @param firstNewSymbolId - The first symbol id this run allocated.
 */
function settleTouchedNames(db: Database, firstNewSymbolId: number): void {
  const old = `AND s.id < ${firstNewSymbolId}`;
  db.exec(`
    CREATE TEMP TABLE fresh_qn (qn TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TABLE fresh_name (name TEXT PRIMARY KEY) WITHOUT ROWID;
    INSERT OR IGNORE INTO temp.fresh_qn SELECT qualified_name FROM symbols
      WHERE id >= ${firstNewSymbolId} AND kind IN ${CALLABLE} AND qualified_name NOT IN (SELECT qn FROM temp.touched_qn);
    INSERT OR IGNORE INTO temp.fresh_name SELECT name FROM symbols
      WHERE id >= ${firstNewSymbolId} AND kind IN ${NAMED} AND name NOT IN (SELECT name FROM temp.touched_name);
    INSERT INTO temp.touched_qn (qn, before) SELECT qn, ${rule1('fresh_qn.qn', old)} FROM temp.fresh_qn;
    INSERT INTO temp.touched_name (name, before) SELECT name, ${rule2('fresh_name.name', old)} FROM temp.fresh_name;
    DROP TABLE temp.fresh_qn;
    DROP TABLE temp.fresh_name;
    UPDATE temp.touched_qn SET after = ${rule1('touched_qn.qn')};
    UPDATE temp.touched_name SET after = ${rule2('touched_name.name')};
    DELETE FROM temp.touched_qn WHERE before IS after;
    DELETE FROM temp.touched_name WHERE before IS after;`);
}

type EdgeTable = 'calls' | 'refs';
const columns = (table: EdgeTable): { owner: string; text: string } =>
  table === 'calls' ? { owner: 'caller_id', text: 'callee_text' } : { owner: 'owner_id', text: 'target_text' };

/**
 * Resolve every edge and recompute every metric. Expects the symbol indexes and no edge indexes (the `UPDATE`
 * would otherwise maintain them row by row); `createEdgeIndexes` runs between resolution and metrics.
 *
 * @param db - Writer connection of a full run.
 * @param createEdgeIndexes - Builds the edge indexes the metrics queries read.
 */
export function rebuildFull(db: Database, createEdgeIndexes: () => void): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.qn_target;
    DROP TABLE IF EXISTS temp.name_target;
    CREATE TEMP TABLE qn_target (qn TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TEMP TABLE name_target (name TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
    -- Unique qualified names straight from the covering index; only duplicates pay for ordering.
    INSERT INTO temp.qn_target SELECT qualified_name, min(id) FROM symbols
      WHERE kind IN ${CALLABLE} GROUP BY qualified_name HAVING count(*) = 1;
    INSERT INTO temp.qn_target SELECT qualified_name, id FROM (
      SELECT s.qualified_name, s.id,
             row_number() OVER (PARTITION BY s.qualified_name ORDER BY f.path, s.start_line, s.kind, s.id) AS rank
      FROM symbols s JOIN files f ON f.id = s.file_id
      WHERE s.kind IN ${CALLABLE} AND s.qualified_name IN (
        SELECT qualified_name FROM symbols WHERE kind IN ${CALLABLE} GROUP BY qualified_name HAVING count(*) > 1))
    WHERE rank = 1;
    INSERT INTO temp.name_target SELECT name, min(id) FROM symbols
      WHERE kind IN ${NAMED} GROUP BY name HAVING count(*) = 1;`);
  for (const table of ['calls', 'refs'] as const) {
    const { text } = columns(table);
    db.exec(`UPDATE ${table} SET target_id = coalesce(
      (SELECT id FROM temp.qn_target WHERE qn = ${table}.target_hint),
      CASE WHEN instr(${table}.${text}, '.') = 0 THEN (SELECT id FROM temp.name_target WHERE name = ${table}.${text}) END)`);
  }
  db.exec('DROP TABLE temp.qn_target; DROP TABLE temp.name_target;');
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

/**
 * The resolution rules as one scalar expression over an edge row `e`, answered by index lookups.
 *
 * @param text - Column holding the written text (`callee_text` or `target_text`).
 * @returns The expression text.
 */
function targetExpression(text: string): string {
  return `coalesce(${rule1('e.target_hint')}, CASE WHEN instr(e.${text}, '.') = 0 THEN ${rule2(`e.${text}`)} END)`;
}

function reresolve(db: Database, table: EdgeTable, firstNewSymbolId: number): void {
  const { owner, text } = columns(table);
  db.exec(`
    DROP TABLE IF EXISTS temp.changed_edges;
    CREATE TEMP TABLE changed_edges AS
      WITH scoped AS MATERIALIZED (
        SELECT e.rowid AS rid, e.${owner} AS owner, e.target_id AS old, ${targetExpression(text)} AS new
        FROM ${table} e
        WHERE e.target_hint IN (SELECT qn FROM temp.touched_qn)
           OR (instr(e.${text}, '.') = 0 AND e.${text} IN (SELECT name FROM temp.touched_name))
           OR e.${owner} >= ${firstNewSymbolId})
      SELECT rid, owner, old, new FROM scoped WHERE old IS NOT new;
    UPDATE ${table} SET target_id = c.new FROM temp.changed_edges c WHERE ${table}.rowid = c.rid;`);
  if (table === 'calls') {
    db.exec(`INSERT OR IGNORE INTO temp.affected
      SELECT owner FROM temp.changed_edges UNION SELECT old FROM temp.changed_edges WHERE old IS NOT NULL
      UNION SELECT new FROM temp.changed_edges WHERE new IS NOT NULL;`);
  }
  db.exec('DROP TABLE temp.changed_edges;');
}

/**
 * Re-resolve the edges an incremental run can have changed and recompute the metrics of affected symbols.
 * `prepare` must have recorded the removed names ({@link recordRemovedNames}) and the targets of removed calls.
 *
 * @param db - Writer connection of an incremental run, all indexes in place.
 * @param firstNewSymbolId - The first symbol id this run allocated.
 */
export function rebuildIncremental(db: Database, firstNewSymbolId: number): void {
  if (!Number.isSafeInteger(firstNewSymbolId)) throw new RangeError(`bad symbol id ${firstNewSymbolId}`);
  settleTouchedNames(db, firstNewSymbolId);
  reresolve(db, 'calls', firstNewSymbolId);
  reresolve(db, 'refs', firstNewSymbolId);
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
