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
import type { NativeWriteConnection } from './duckdb-native.js';
import {
  CALLABLE_KINDS,
  DEFERRED_SEPARATOR,
  HINT_SEPARATOR,
  LIST_SEPARATOR,
  NAME_RESOLVABLE_HOLDER_KINDS,
  NAME_RESOLVABLE_KINDS,
  SLOT_HOLDER_KINDS,
  VALUE_KIND,
  VALUE_PREFIX,
} from '../../core/model.js';
import {
  EXPORT_HOPS,
  EXPORT_WIDTH,
  NAMED_EXPORT_PREFIX,
  STAR_EXPORT_SLOT,
  barrelMentions,
} from '../../core/module-exports.js';
import { sqlString, sqlStringList } from '../sql-text.js';
import { EDGE_TEXT, type EdgeTable } from './duckdb-overlay.js';
import { INDEXES, INDEX_MIN_ROWS, RESOLUTION_COLUMNS, type IndexedTable } from './duckdb-schema.js';

/** Catalog name the index file is attached as in a write session. */
export const INDEX_CATALOG = 'idx';

const I = INDEX_CATALOG;
const CALLABLE = sqlStringList(CALLABLE_KINDS);
const NAME_RESOLVABLE = sqlStringList(NAME_RESOLVABLE_KINDS);
const HOLDER = sqlStringList(SLOT_HOLDER_KINDS);
const NAMED_HOLDER = sqlStringList(NAME_RESOLVABLE_HOLDER_KINDS);
const SEP = sqlString(HINT_SEPARATOR);
const TILDE = sqlString(DEFERRED_SEPARATOR);
const LIST = sqlString(LIST_SEPARATOR);
const VALUE = sqlString(VALUE_PREFIX);
const VARIABLE = sqlString(VALUE_KIND);
/** Orders a slot type's heritage after every slot type (more than any list holds). */
const BASE_ORD = 1_000_000;
/** Orders rule 1c's rewrites by hop before entry order (more than any hop's `ord`: `EXPORT_WIDTH ** EXPORT_HOPS`). */
const EXPORT_ORDER = EXPORT_WIDTH ** EXPORT_HOPS;

/** Tables (or views) a resolution reads symbols and their files from. */
export interface SymbolTables {
  readonly symbols: string;
  readonly files: string;
}

/**
 * `(cand, id, holder_id)` for every row of the CTE `cands` (one column `cand`, distinct plain candidates) by rules 1
 * and 2: `id` among the callable kinds (a hint's candidate, a member candidate), `holder_id` among the slot holder kinds
 * (the callee part of a deferred candidate, a type part) — both at once, so that one statement answers candidates of
 * either use (the holder kinds include the callable ones).
 *
 * @param source - Catalog (or schema) holding `symbols` and `files`.
 * @param cands - Name of the CTE.
 * @returns A `SELECT`.
 */
function answersSql(source: SymbolTables, cands: string): string {
  const first = (kinds: string): string =>
    `first(s.id ORDER BY f.path, s.start_line, s.kind, s.id) FILTER (WHERE s.kind IN ${kinds})`;
  const unique = (named: string, callable: string): string => {
    const matches = `s.kind IN ${named} OR (x.dotted AND s.kind IN ${callable})`;
    return `CASE WHEN count(*) FILTER (WHERE ${matches}) = 1 THEN min(s.id) FILTER (WHERE ${matches}) END`;
  };
  return `SELECT c.cand, coalesce(q.id, x.id, v.id) AS id, coalesce(q.holder_id, x.holder_id, v.id) AS holder_id
  FROM ${cands} c
  LEFT JOIN (
    SELECT s.qualified_name AS cand, ${first(CALLABLE)} AS id, ${first(HOLDER)} AS holder_id
    FROM ${source.symbols} s JOIN ${source.files} f ON f.id = s.file_id
    WHERE s.kind IN ${HOLDER}
      AND s.qualified_name IN (SELECT cand FROM ${cands} WHERE NOT contains(cand, '*') AND NOT starts_with(cand, ${VALUE}))
    GROUP BY s.qualified_name
  ) q ON q.cand = c.cand
  LEFT JOIN (
    SELECT x.cand, ${unique(NAME_RESOLVABLE, CALLABLE)} AS id, ${unique(NAMED_HOLDER, HOLDER)} AS holder_id
    FROM (SELECT cand, prefix, suffix, split_part(suffix, '.', -1) AS name, contains(suffix, '.') AS dotted
          FROM (SELECT cand, substr(cand, 1, strpos(cand, '*') - 1) AS prefix,
                  substr(cand, strpos(cand, '*') + 1) AS suffix
                FROM ${cands} WHERE contains(cand, '*') AND NOT starts_with(cand, ${VALUE}))) x
    JOIN ${source.symbols} s ON s.name = x.name
    WHERE (s.kind IN ${NAMED_HOLDER} OR (x.dotted AND s.kind IN ${HOLDER}))
      AND starts_with(s.qualified_name, x.prefix)
      AND (s.qualified_name = x.suffix OR ends_with(s.qualified_name, '.' || x.suffix))
    GROUP BY x.cand
  ) x ON x.cand = c.cand
  LEFT JOIN (
    SELECT ${VALUE} || s.qualified_name AS cand, first(s.id ORDER BY f.path, s.start_line, s.kind, s.id) AS id
    FROM ${source.symbols} s JOIN ${source.files} f ON f.id = s.file_id
    WHERE s.kind = ${VARIABLE}
      AND s.qualified_name IN (SELECT substr(cand, 2) FROM ${cands} WHERE starts_with(cand, ${VALUE}))
    GROUP BY s.qualified_name
  ) v ON v.cand = c.cand`;
}

/** Temporary table of `(module, entries, splits)`: the export table of each module name that has one. */
const EXPORT_TABLES = 'temp.resolution_export_tables';
/** Temporary table of `(module, key, ord, part, star)`: where one hop of rule 1c leads, by module and key. */
const EXPORT_HOPS_TABLE = 'temp.resolution_export_hops';

/**
 * The export table of each module name that has one (the first symbol's, in symbol order), and whether the name can
 * be the module part of a candidate (`splits`: not empty, no `.` after its last `/`).
 *
 * @param source - Catalog (or schema) holding `symbols` and `files`.
 * @returns A `SELECT` of `(module, entries, splits)`.
 */
function exportTablesSql(source: SymbolTables): string {
  return `SELECT *, module <> '' AND regexp_matches(module, ${SPLITTING_MODULE}) AS splits
    FROM (SELECT s.qualified_name AS module, first(s.slot_types ORDER BY f.path, s.start_line, s.kind, s.id) AS entries
      FROM ${source.symbols} s JOIN ${source.files} f ON f.id = s.file_id
      WHERE s.kind = 'module' AND s.slot_types IS NOT NULL GROUP BY s.qualified_name)`;
}

/**
 * SQL of the module part of a qualified name or plain candidate `M.rest` whose last path segment holds a `.`: the
 * directories, then that segment up to its first `.` (`modulePart` in `src/core/module-exports.ts`).
 *
 * @param text - SQL text expression.
 * @param last - SQL of its last path segment (`split_part(text, '/', -1)`).
 * @returns SQL expression.
 */
function modulePartSql(text: string, last: string): string {
  return `substr(${text}, 1, length(${text}) - length(${last}) + length(split_part(${last}, '.', 1)))`;
}

/**
 * Where one hop of rule 1c leads from a module with an export table, keyed as a candidate looks it up:
 *
 * - key `.head`: each entry of the module's named slot for `head` (kept whatever follows: `part` then the tail);
 * - key `*`: each `*` entry naming a module with an export table (a further hop can go on from it);
 * - key `*rest`: each other `*` entry `S` such that a symbol is named `S.rest` — the only other `*` rewrites that can
 *   answer, found once from the symbols instead of per candidate (a barrel of a hundred modules would otherwise cost a
 *   hundred rewrites per candidate).
 *
 * Each slot's first list is read (as a lookup of `;slot=` finds it: the text before the first `;` is no entry, a last
 * entry without its closing `;` runs to the end), its entries numbered from 1 in list order.
 *
 * @param source - Catalog (or schema) holding `symbols`.
 * @returns A `SELECT` of `(module, key, ord, part, star)`.
 */
function exportHopsSql(source: SymbolTables): string {
  const slots = `SELECT module, split_part(item, '=', 1) AS slot, substr(item, strpos(item, '=') + 1) AS list, item_ord
    FROM (SELECT module, unnest(items) AS item, unnest(range(1, len(items) + 1)) AS item_ord
      FROM (SELECT module, string_split(entries, ';') AS items FROM ${EXPORT_TABLES}))
    WHERE item_ord > 1 AND strpos(item, '=') > 0 AND (item[1] = '${NAMED_EXPORT_PREFIX}' OR split_part(item, '=', 1) = '${STAR_EXPORT_SLOT}')`;
  const routes = `SELECT module, slot, ord, part, part IN (SELECT module FROM ${EXPORT_TABLES}) AS onward
    FROM (SELECT module, slot, unnest(range(1, len(parts) + 1)) AS ord, unnest(parts) AS part
      FROM (SELECT module, slot, string_split(arg_min(list, item_ord), ${LIST}) AS parts FROM (${slots}) GROUP BY module, slot))`;
  const star = `slot = '${STAR_EXPORT_SLOT}'`;
  // `S.rest` with S splitting has module part S; any other S (a `.` after its last `/`) is matched as a prefix.
  const named = `SELECT qualified_name, split_part(qualified_name, '/', -1) AS last FROM ${source.symbols}`;
  const targets = `SELECT DISTINCT module, rest FROM (
      SELECT n.module, substr(n.qualified_name, length(n.module) + 2) AS rest
      FROM (SELECT qualified_name, ${modulePartSql('qualified_name', 'last')} AS module FROM (${named}) WHERE contains(last, '.')) n
      WHERE n.module IN (SELECT part FROM routes WHERE ${star} AND NOT onward)
      UNION ALL
      SELECT m.part, substr(n.qualified_name, length(m.part) + 2)
      FROM (SELECT DISTINCT part FROM routes WHERE ${star} AND NOT onward AND NOT regexp_matches(part, ${SPLITTING_MODULE})) m
      JOIN ${source.symbols} n ON starts_with(n.qualified_name, m.part || '.'))
    WHERE rest <> '' AND NOT contains(rest, '/')`;
  return `WITH routes AS MATERIALIZED (${routes})
    SELECT module, slot AS key, ord, part, false AS star FROM routes WHERE NOT ${star}
    UNION ALL SELECT module, slot, ord, part, true FROM routes WHERE ${star} AND onward
    UNION ALL SELECT r.module, '${STAR_EXPORT_SLOT}' || g.rest, r.ord, r.part, true
      FROM routes r JOIN (${targets}) g ON g.module = r.part WHERE r.${star} AND NOT r.onward`;
}

/** A module name that can be the module part of a candidate: no `.` after its last `/`. */
const SPLITTING_MODULE = sqlString('^(?:[^/]*/)*[^/.]*$');

/** The module part of a candidate (up to the first `.` after the last `/`) and the rest, as RE2 groups 1 and 2. */
export const MODULE_PART = sqlString('^((?:[^/]*/)*[^/.]*)\\.([^/]+)$');

/**
 * One hop of rule 1c over the rows of `previous` (`origin, hop, ord, cand`) of a hop below `EXPORT_HOPS`: each
 * candidate that names a module with an export table (and that no symbol is named by) rewritten through the module's
 * named entry for its first segment, else through its `*` entry, in entry order. A rewrite through a `*` entry is kept
 * only when a symbol is named by it or its module has an export table (no other can answer, now or after a further
 * hop): {@link exportHopsSql} holds exactly those, keyed by what follows the module.
 *
 * @param previous - Name of the (recursive) CTE of the previous hop.
 * @param source - Catalog (or schema) holding `symbols`.
 * @returns A `SELECT` of `(origin, hop, ord, cand)`.
 */
function exportHopSql(source: SymbolTables, previous: string): string {
  const plain = `SELECT origin, hop AS previous_hop, ord, CASE WHEN starts_with(cand, ${VALUE}) THEN ${VALUE} ELSE '' END AS pre,
      CASE WHEN starts_with(cand, ${VALUE}) THEN substr(cand, 2) ELSE cand END AS plain
    FROM ${previous} WHERE hop < ${EXPORT_HOPS} AND NOT contains(cand, '*') AND NOT contains(cand, ${TILDE})`;
  // Only a candidate whose module part has an export table is split (the rest then has no `/`).
  const parts = `SELECT *, ${modulePartSql('plain', 'last')} AS module
    FROM (SELECT *, split_part(plain, '/', -1) AS last FROM (${plain})) WHERE contains(last, '.')`;
  const split = `SELECT *, split_part(rest, '.', 1) AS head,
      CASE WHEN contains(rest, '.') THEN substr(rest, strpos(rest, '.')) ELSE '' END AS tail
    FROM (SELECT p.*, t.entries, substr(p.plain, length(p.module) + 2) AS rest
      FROM (${parts}) p JOIN ${EXPORT_TABLES} t ON t.module = p.module AND t.splits)
    WHERE rest <> ''`;
  // Only an unanswered candidate is rewritten: one that no symbol is named by. Its keys: the named slot of its head
  // when the module has one, else `*` and `*rest`.
  const located = `SELECT *, unnest(CASE WHEN strpos(entries, ';${NAMED_EXPORT_PREFIX}' || head || '=') > 0
        THEN ['${NAMED_EXPORT_PREFIX}' || head] ELSE ['${STAR_EXPORT_SLOT}', '${STAR_EXPORT_SLOT}' || rest] END) AS key
    FROM (${split}) x ANTI JOIN ${source.symbols} n ON n.qualified_name = x.plain`;
  return `SELECT x.origin, x.previous_hop + 1 AS hop, x.ord * ${EXPORT_WIDTH} + h.ord AS ord,
      x.pre || CASE WHEN h.star THEN h.part || '.' || x.rest ELSE h.part || x.tail END AS cand
    FROM (${located}) x JOIN ${EXPORT_HOPS_TABLE} h ON h.module = x.module AND h.key = x.key
    WHERE h.ord < ${EXPORT_WIDTH}`;
}

/**
 * `(cand, id, holder_id)` for every row of the CTE `cands` by rules 1, 1b and 2, or failing those by rule 1c: the first
 * answer among the candidate's rewrites through module export tables, breadth-first by hop, in entry order within a
 * hop (each of the two answers on its own).
 *
 * @param source - Catalog (or schema) holding `symbols` and `files`.
 * @param cands - Name of the CTE (one column `cand`, distinct plain candidates).
 * @returns A `SELECT`.
 */
function exportAnswersSql(source: SymbolTables, cands: string): string {
  const order = `r.hop * ${EXPORT_ORDER} + r.ord`;
  // One recursive CTE instead of one CTE per hop: the statement is planned as a whole, and its size is what costs.
  return `SELECT * FROM (WITH RECURSIVE rw(origin, hop, ord, cand) AS (
      SELECT cand, 0, 0::BIGINT, cand FROM ${cands}
      UNION ALL
      ${exportHopSql(source, 'rw')}),
    rw_cands AS (SELECT DISTINCT cand FROM rw),
    rw_answers AS (${answersSql(source, 'rw_cands')})
  SELECT r.origin AS cand, arg_min(a.id, ${order}) FILTER (WHERE a.id IS NOT NULL) AS id,
    arg_min(a.holder_id, ${order}) FILTER (WHERE a.holder_id IS NOT NULL) AS holder_id
  FROM rw r LEFT JOIN rw_answers a ON a.cand = r.cand GROUP BY r.origin)`;
}

/** The SQL a derivation needs: run statements, read one result. */
export interface SqlSession {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<unknown[][]>;
}

/**
 * The session of a DuckDB connection.
 *
 * @param connection - An open connection.
 * @returns Its session.
 */
export function sessionOf(connection: NativeWriteConnection): SqlSession {
  return {
    run: (sql) => connection.run(sql),
    rows: (sql) => connection.rows(sql),
  };
}

/**
 * Whether rule 1c can rewrite anything in this resolution: whether a candidate that any of its four sets can hold
 * names a module with an export table — a plain candidate or callee part (read from the hints: a hint's candidates,
 * and the callees of its deferred ones), or a piece of the slot types of a symbol of a slot holder kind (each type
 * part and each heritage part is one, read from a callee's or a type's answer; a member candidate `T.m` names the
 * module `T` names, or `T` itself): `barrelMentions` in `src/core/module-exports.ts`, a test on the stored text that
 * may say yes needlessly, never no wrongly. When none does, every set is answered by rules 1 to 2 alone, in one statement: a code base whose barrels nothing
 * inside it imports through (rxjs's `index` modules) pays two small queries for rule 1c.
 *
 * @param db - The session.
 * @param source - Catalog (or schema) holding `symbols`.
 * @param edges - A `SELECT` with a column `hint`: the pairs to resolve.
 * @param barrels - The modules with an export table.
 * @returns Whether to apply rule 1c.
 */
async function rewritable(
  db: SqlSession,
  source: SymbolTables,
  edges: string,
  barrels: readonly string[],
): Promise<boolean> {
  if (barrels.length === 0) return false;
  const mentions = barrelMentions(barrels);
  const inHints = sqlString(mentions.hints);
  const inSlots = sqlString(mentions.slotTypes);
  const rows = await db.rows(`SELECT 1 FROM (${edges}) WHERE regexp_matches(hint, ${inHints})
    UNION ALL SELECT 1 FROM ${source.symbols}
      WHERE slot_types IS NOT NULL AND kind IN ${HOLDER} AND regexp_matches(slot_types, ${inSlots})
    LIMIT 1`);
  return rows.length > 0;
}

/**
 * `(key, list)`: the entry of slot `slot` in the slot types of symbol `id`, for rows that have one.
 *
 * @param source - Catalog (or schema) holding `symbols`.
 * @param rows - A `SELECT` of `(key, id, slot)`.
 * @returns A `SELECT`.
 */
function slotListSql(source: SymbolTables, rows: string): string {
  // A last entry without its closing `;` runs to the end of the text (`slotEntry` in src/core/module-exports.ts).
  return `(SELECT key, CASE WHEN strpos(tail, ';') = 0 THEN tail ELSE substr(tail, 1, strpos(tail, ';') - 1) END AS list
  FROM (SELECT r.key, strpos(s.slot_types, ';' || r.slot || '=') AS slot_at,
          substr(s.slot_types, strpos(s.slot_types, ';' || r.slot || '=') + length(r.slot) + 2) AS tail
        FROM (${rows}) r JOIN ${source.symbols} s ON s.id = r.id)
  WHERE slot_at > 0)`;
}

/**
 * `(key, ord, part)` rows of a list column split by a separator, `ord` from 1.
 *
 * @param source - A `SELECT` (or CTE name) with columns `key` and `list`.
 * @param separator - SQL string literal of the separator.
 * @returns A `SELECT`.
 */
function splitSql(source: string, separator: string): string {
  return `SELECT key, unnest(range(1, len(parts) + 1)) AS ord, unnest(parts) AS part
  FROM (SELECT key, string_split(list, ${separator}) AS parts FROM ${source})`;
}

/**
 * `(key, id)`: for each key of a `(key, ord, part)` table, the answer of its first answered part.
 *
 * @param parts - Table (or CTE) of `(key, ord, part)`.
 * @param answers - Table (or CTE) of `(cand, id, holder_id)`.
 * @param column - The answer to read: among the callable kinds or among the slot holder kinds.
 * @returns A `SELECT`.
 */
function firstAnswerSql(parts: string, answers: string, column: 'id' | 'holder_id'): string {
  return `SELECT p.key, arg_min(a.${column}, p.ord) AS id
    FROM ${parts} p JOIN ${answers} a ON a.cand = p.part WHERE a.${column} IS NOT NULL GROUP BY p.key`;
}

/** Statements to run with a resolution's first and last calls. */
export interface Around {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/**
 * Resolve distinct `(hint, text)` pairs into a new table `into`: each hint's candidates in order, each distinct
 * candidate answered once (qualified name, `prefix*suffix`, or deferred `callees~slot~member`: the first answered
 * callee, the type candidates of its slot each followed by `.member`, then those of the heritage of the first slot
 * type that is a holder, the first answered one), the first answered candidate wins; the text plays no part
 * (`docs/architecture/index-semantics.md`).
 *
 * One statement per step, each into a temporary table: the four candidate sets (plain, callee parts, type parts,
 * members) are answered by {@link answerSet}, whose rule 1c runs only where a set has something to rewrite. One
 * statement holding everything took DuckDB more time to plan and more memory to run (mobx needed more than the
 * writer's memory limit).
 *
 * @param db - The session (a write transaction, or any connection that can create temporary tables).
 * @param source - Catalog holding `calls` and `refs` (read without `pairs`), and by default `symbols` and `files`.
 * @param into - Qualified name of the table to create.
 * @param pairs - Table of `(hint, text)` pairs to resolve; default: every pair of the edges in `source`.
 * @param tables - The symbols and files to resolve against (default: those of `source`).
 * @param around - Statements to run before and after it, in the same calls (each call into DuckDB has its cost).
 */
export async function resolvePairs(
  db: SqlSession,
  source: string,
  into: string,
  pairs?: string,
  tables: SymbolTables = { symbols: `${source}.symbols`, files: `${source}.files` },
  around: Around = { before: [], after: [] },
): Promise<void> {
  // `UNION` keeps each pair once: no `DISTINCT` per table (each is one more aggregate).
  const edges =
    pairs === undefined
      ? `SELECT target_hint AS hint, callee_text AS text FROM ${source}.calls
  UNION
  SELECT target_hint AS hint, target_text AS text FROM ${source}.refs`
      : `SELECT hint, text FROM ${pairs}`;
  // The pairs are made once, in the first call: the test for rule 1c reads them, and so does every step after it.
  // Rule 1c has nothing to read without a module export table (no TypeScript barrel, any Python or C tree).
  const barrels = await db.rows(
    [
      ...around.before,
      `CREATE OR REPLACE TEMP TABLE resolution_edges AS ${edges}`,
      `CREATE OR REPLACE TEMP TABLE resolution_export_tables AS ${exportTablesSql(tables)}`,
      'SELECT module FROM temp.resolution_export_tables',
    ].join(';\n'),
  );
  const exports = await rewritable(
    db,
    tables,
    'SELECT hint FROM temp.resolution_edges',
    barrels.map(([module]) => String(module)),
  );
  const step = (name: string): string =>
    exports || name === 'edges' ? `temp.resolution_${name}` : `resolution_${name}`;
  const answer = (cands: string): string =>
    `WITH cands AS (${cands}) ${exports ? exportAnswersSql(tables, 'cands') : answersSql(tables, 'cands')}`;
  const steps: [string, string][] = [
    ...(exports ? [['export_hops', exportHopsSql(tables)] as [string, string]] : []),
    [
      'hint_cands',
      `SELECT key AS hint, ord, part AS cand
  FROM (${splitSql(`(SELECT DISTINCT hint AS key, hint AS list FROM ${step('edges')} WHERE hint IS NOT NULL)`, SEP)})`,
    ],
    [
      'deferred',
      `WITH cands AS (SELECT DISTINCT cand FROM ${step('hint_cands')})
  SELECT cand, substr(cand, 1, t - 1) AS callees, substr(rest, 1, u - 1) AS slot, substr(rest, u + 1) AS member
  FROM (SELECT cand, t, rest, strpos(rest, ${TILDE}) AS u
        FROM (SELECT cand, t, substr(cand, t + 1) AS rest
              FROM (SELECT cand, strpos(cand, ${TILDE}) AS t FROM cands) WHERE t > 0))
  WHERE u > 0`,
    ],
    ['callee_cands', splitSql(`(SELECT cand AS key, callees AS list FROM ${step('deferred')})`, LIST)],
    // A hint's plain candidates and the callee parts of its deferred ones, answered together (`id` for the first,
    // `holder_id` for the second).
    [
      'part_answers',
      answer(`SELECT cand FROM ${step('hint_cands')} WHERE NOT contains(cand, ${TILDE})
  UNION SELECT part FROM ${step('callee_cands')}`),
    ],
    [
      'slot_parts',
      `WITH callee_of AS (${firstAnswerSql(step('callee_cands'), step('part_answers'), 'holder_id')})
  ${splitSql(slotListSql(tables, `SELECT d.cand AS key, c.id, d.slot FROM ${step('deferred')} d JOIN callee_of c ON c.key = d.cand`), LIST)}`,
    ],
    ['type_answers', answer(`SELECT DISTINCT part AS cand FROM ${step('slot_parts')}`)],
    [
      'member_cands',
      `WITH base_of AS (${firstAnswerSql(step('slot_parts'), step('type_answers'), 'holder_id')}),
  base_parts AS (${splitSql(slotListSql(tables, "SELECT key, id, 'e' AS slot FROM base_of"), LIST)})
  SELECT p.key, p.ord, p.part || '.' || d.member AS part
  FROM (SELECT key, ord, part FROM ${step('slot_parts')} UNION ALL SELECT key, ord + ${BASE_ORD}, part FROM base_parts) p
  JOIN ${step('deferred')} d ON d.cand = p.key`,
    ],
    ['member_answers', answer(`SELECT DISTINCT part AS cand FROM ${step('member_cands')}`)],
    [
      'deferred_answers',
      `SELECT key AS cand, id FROM (${firstAnswerSql(step('member_cands'), step('member_answers'), 'id')})`,
    ],
    [
      'answers',
      `SELECT h.hint, h.ord, coalesce(p.id, d.id) AS id
  FROM ${step('hint_cands')} h LEFT JOIN ${step('part_answers')} p ON p.cand = h.cand
  LEFT JOIN ${step('deferred_answers')} d ON d.cand = h.cand`,
    ],
  ];
  const resolved = `SELECT e.hint, e.text, r.target_id FROM ${step('edges')} e LEFT JOIN (
    SELECT hint, arg_min(id, ord) FILTER (WHERE id IS NOT NULL) AS target_id FROM ${step('answers')} GROUP BY hint
  ) r ON r.hint = e.hint`;
  if (!exports) {
    // Without rule 1c the whole resolution is one statement, as small to plan as before export tables existed.
    const ctes = steps.map(([name, sql]) => `resolution_${name} AS (${sql})`).join(',\n');
    const statements = [
      `CREATE TABLE ${into} AS WITH ${ctes}\n${resolved}`,
      'DROP TABLE temp.resolution_export_tables',
      'DROP TABLE temp.resolution_edges',
    ];
    await db.run([...statements, ...around.after].join(';\n'));
    return;
  }
  await db.run(
    [
      ...steps.map(([name, sql]) => `CREATE OR REPLACE TEMP TABLE resolution_${name} AS ${sql}`),
      `CREATE TABLE ${into} AS ${resolved}`,
      ...['export_tables', 'edges', ...steps.map(([name]) => name)].map((name) => `DROP TABLE ${step(name)}`),
      ...around.after,
    ].join(';\n'),
  );
}

/**
 * Set `target_id` of every edge of `table` whose stored target differs from the resolution.
 *
 * @param table - Edge table.
 * @param qualified - The table's qualified name (default: in the attached index).
 * @param resolution - The resolution table (default: in the attached index).
 * @returns One statement.
 */
export function resolveEdgesSql(table: EdgeTable, qualified = `${I}.${table}`, resolution = `${I}.resolution`): string {
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
 * SQL of the resolution key of a qualified name or candidate (`candidateKey` in `src/core/resolution-keys.ts`): the
 * last `.`-segment of what follows the first `*`, a leading `=` left out.
 *
 * @param text - SQL text expression.
 * @returns SQL expression.
 */
export function keyOf(text: string): string {
  const plain = `CASE WHEN starts_with(${text}, ${VALUE}) THEN substr(${text}, 2) ELSE ${text} END`;
  return `split_part(substr(${plain}, strpos(${plain}, '*') + 1), '.', -1)`;
}

/**
 * Every key of every symbol of a table (`symbolKeys` in `src/core/resolution-keys.ts`), each with the given columns.
 *
 * @param symbols - A table, view or parenthesized `SELECT` with `name`, `qualified_name` and the columns.
 * @param columns - Columns to pair each key with, in order.
 * @returns A `SELECT` of `(key, ...columns)`.
 */
export function symbolKeysSql(symbols: string, columns: readonly string[]): string {
  const rest = columns.map((column) => `, ${column}`).join('');
  return `SELECT name AS key${rest} FROM ${symbols} UNION SELECT ${keyOf('qualified_name')}${rest} FROM ${symbols}`;
}

/**
 * The rows of `symbol_keys` of a symbol table.
 *
 * @param symbols - Qualified name of a `symbols` table.
 * @returns A `SELECT`.
 */
function symbolKeyRows(symbols: string): string {
  return symbolKeysSql(symbols, RESOLUTION_COLUMNS);
}

/**
 * One thread for the whole-index resolution: with two, its per-thread hash tables outgrew the writer's buffer limit at
 * four times the SymPy corpus ("failed to pin block", 244 MiB used); with one it completes.
 */
const SINGLE_THREAD = 'SET threads = 1';

/**
 * Statements that make DuckDB hand the memory its allocator keeps cached back to the system: changing the thread
 * count relaunches DuckDB's scheduler, which flushes its allocator (jemalloc's cached pages purged, then glibc's
 * `malloc_trim`); the second statement restores the count. Without it, what one large statement freed stayed resident
 * under the next one's allocations, and a full run's late statements peaked on top of each other: on SymPy the main
 * process rose 312 → 475 MiB over the load's last commit, its checkpoint and the derived step while DuckDB accounted
 * for ≤ 60 MiB; with a flush after each, every statement started from 250–290 MiB (session 19, s19-duckmem). A
 * relaunch costs about a millisecond.
 *
 * @param threads - The session's thread count, kept.
 * @returns Two statements.
 */
export function allocatorFlushSql(threads: number): string[] {
  return [`SET threads = ${validHandle(threads + 1)}`, `SET threads = ${validHandle(threads)}`];
}

/**
 * Resolve every edge, build the metrics and the symbol keys of a full run. Its ART indexes come after the run's rows
 * are committed ({@link fullIndexesSql}): a full run commits its load in parts, and DuckDB refuses `CREATE INDEX` in a
 * transaction that updated committed rows, as the resolution does.
 *
 * @param db - The write session.
 */
export async function rebuildFullDerived(db: SqlSession): Promise<void> {
  await resolvePairs(db, I, `${I}.resolution`, undefined, undefined, {
    before: [SINGLE_THREAD],
    // Each statement starts after an allocator flush (the resolution's memory is the first one's to hand back).
    after: fullDerivedSql().flatMap((statement) => [...allocatorFlushSql(1), statement]),
  });
}

/**
 * Statements of {@link rebuildFullDerived} after the resolution.
 *
 * @returns Statements to run in order.
 */
function fullDerivedSql(): string[] {
  return [
    resolveEdgesSql('calls'),
    resolveEdgesSql('refs'),
    `DROP TABLE ${I}.resolution`,
    `INSERT INTO ${I}.metrics ${METRICS}`,
    `INSERT INTO ${I}.symbol_keys ${symbolKeyRows(`${I}.symbols`)}`,
  ];
}

/**
 * The ART indexes of a full run: created once every row is committed (cheaper than maintaining them during the
 * appends, and an index built inside the load's transaction stays in memory until it ends), on the tables that have
 * enough rows to need them.
 *
 * @param rows - Rows loaded per indexed table (`symbol_keys`: the number of symbols, a lower bound).
 * @returns One `CREATE INDEX` per index, in {@link INDEXES} order.
 */
export function fullIndexesSql(rows: Readonly<Record<IndexedTable, number>>): string[] {
  return INDEXES.filter((index) => rows[index.table] >= INDEX_MIN_ROWS).map(
    (index) => `CREATE INDEX ${index.name} ON ${I}.${index.table} (${index.column})`,
  );
}

/**
 * Bring derived state up to date after a compaction changed the loaded tables. Resolution is computed over the whole
 * symbol table (any added or removed symbol can change an unchanged file's edges), but only the edges and metrics
 * whose value changed are written. The key tables are brought back to one row per key: symbol keys recounted, key
 * rows of hints and holders that no longer exist dropped, duplicates (the carried overlay's and the run's rows of
 * hints the base already had) removed.
 *
 * @param db - The write session.
 */
export async function rebuildIncrementalDerived(db: SqlSession): Promise<void> {
  await resolvePairs(db, I, `${I}.resolution`, undefined, undefined, {
    before: [SINGLE_THREAD],
    after: incrementalDerivedSql(),
  });
}

/**
 * Statements of {@link rebuildIncrementalDerived} after the resolution.
 *
 * @returns Statements to run in order.
 */
function incrementalDerivedSql(): string[] {
  const same = ['symbol_id', 'fan_in', 'fan_out'].map((column) => `n.${column} = t.${column}`).join(' AND ');
  const hints = `SELECT target_hint FROM ${I}.calls UNION SELECT target_hint FROM ${I}.refs`;
  return [
    resolveEdgesSql('calls'),
    resolveEdgesSql('refs'),
    `DROP TABLE ${I}.resolution`,
    `CREATE TABLE ${I}.next_metrics AS ${METRICS}`,
    `DELETE FROM ${I}.metrics t WHERE NOT EXISTS (SELECT 1 FROM ${I}.next_metrics n WHERE ${same})`,
    `INSERT INTO ${I}.metrics SELECT * FROM ${I}.next_metrics n
     WHERE NOT EXISTS (SELECT 1 FROM ${I}.metrics t WHERE ${same})`,
    `DROP TABLE ${I}.next_metrics`,
    `DELETE FROM ${I}.symbol_keys`,
    `INSERT INTO ${I}.symbol_keys ${symbolKeyRows(`${I}.symbols`)}`,
    `DELETE FROM ${I}.hint_keys WHERE rowid NOT IN
       (SELECT min(rowid) FROM ${I}.hint_keys WHERE hint IN (${hints}) GROUP BY key, hint)`,
    `DELETE FROM ${I}.slot_keys WHERE rowid NOT IN
       (SELECT min(rowid) FROM ${I}.slot_keys WHERE holder IN (SELECT key FROM ${I}.symbol_keys) GROUP BY key, holder)`,
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

/**
 * A run's first handle, checked before it is written into SQL text.
 *
 * @param id - A file or symbol handle.
 * @returns The handle.
 */
export function validHandle(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`bad handle ${id}`);
  return id;
}
