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
import type { Database, Statement } from 'better-sqlite3';
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
  slotEntries,
} from '../../core/module-exports.js';
import { sqlString, sqlStringList } from '../sql-text.js';
import { dropOrphanHints, type RunKeys } from './sqlite-resolution-keys.js';

const CALLABLE = sqlStringList(CALLABLE_KINDS);
const HOLDER = sqlStringList(SLOT_HOLDER_KINDS);
const SEP = sqlString(HINT_SEPARATOR);
const TILDE = sqlString(DEFERRED_SEPARATOR);
const LIST = sqlString(LIST_SEPARATOR);
const VALUE = sqlString(VALUE_PREFIX);
const VARIABLE = sqlString(VALUE_KIND);
/** Orders a slot type's heritage after every slot type (more than any list holds). */
const BASE_ORD = 1_000_000;

/**
 * Temp tables an incremental run fills while deleting (`prepare`) and reads in {@link rebuildIncremental}: the symbols
 * whose metrics it recomputes (`affected`: the removed symbols, whose metrics rows stay until then, and the targets of
 * removed calls), for their fan-in by difference the distinct removed callers of each target of a removed call
 * (`gone_in`), and the symbols whose fan-in is counted again in full (`recount`).
 */
export const INCREMENTAL_TEMP_TABLES = `
CREATE TEMP TABLE affected (id INTEGER PRIMARY KEY);
CREATE TEMP TABLE gone_in (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TEMP TABLE recount (id INTEGER PRIMARY KEY);
`;

/** Every distinct hint of the edge tables, as `(key, list)` for {@link buildResolution}. */
const ALL_HINTS = `SELECT target_hint AS key, target_hint AS list FROM calls WHERE target_hint IS NOT NULL
        UNION SELECT target_hint, target_hint FROM refs WHERE target_hint IS NOT NULL`;

type EdgeTable = 'calls' | 'refs';
const columns = (table: EdgeTable): { owner: string } =>
  table === 'calls' ? { owner: 'caller_id' } : { owner: 'owner_id' };

/**
 * `(cand, id)` rows answering each distinct candidate of `cands` by rules 1 and 2 (`id` null when none answers); rule
 * 2's answers are read from `temp.star_answers`, which {@link answerStars} fills for the same `cands` first.
 *
 * @param cands - A `SELECT` of one text column `cand` (plain candidates: no `~`).
 * @param holders - Answer among callables and variables (the callee part of a deferred candidate).
 * @returns A `SELECT`.
 */
function answersSql(cands: string, holders = false): string {
  const callable = holders ? HOLDER : CALLABLE;
  return `SELECT cand, CASE WHEN substr(c.cand, 1, 1) = ${VALUE} THEN
        (SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id
          WHERE s.qualified_name = substr(c.cand, 2) AND s.kind = ${VARIABLE}
          ORDER BY f.path, s.start_line, s.kind, s.id LIMIT 1)
      WHEN star = 0 THEN
        (SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id
          WHERE s.qualified_name = c.cand AND s.kind IN ${callable}
          ORDER BY f.path, s.start_line, s.kind, s.id LIMIT 1)
      ELSE (SELECT a.id FROM temp.star_answers a WHERE a.cand = c.cand)
      END
      FROM (SELECT DISTINCT cand, instr(cand, '*') AS star FROM (${cands})) c`;
}

/**
 * Fill `temp.star_answers (cand, id)` with rule 2's answers to the `prefix*suffix` candidates of `cands` (those
 * {@link answersSql} answers by rule 2: with a `*`, without a leading `=`): the one symbol named by the suffix's last
 * segment, of a kind rule 2 accepts (a dotted suffix also a method or macro), whose qualified name starts with the
 * prefix and is the suffix or ends with `.` and the suffix; no row when none or several are. The symbols of each
 * name are read once (one statement for all names) and matched by {@link starAnswers}: in SQL every candidate scanned
 * every symbol of its name through the `(name, kind)` index, and a one-file Django run re-resolved 95 candidates ending
 * in `__init__` against 693 `__init__` methods each (28 ms of CPU, issue 12 ledger, session 21).
 *
 * @param db - Writer connection; `temp.star_answers` exists.
 * @param cands - A `SELECT` of one text column `cand`.
 * @param holders - Answer among the slot holder kinds.
 */
function answerStars(db: Database, cands: string, holders: boolean): void {
  db.prepare('DELETE FROM temp.star_answers').run();
  const stars = db
    .prepare(`SELECT DISTINCT cand FROM (${cands}) WHERE instr(cand, '*') > 0 AND substr(cand, 1, 1) <> ${VALUE}`)
    .pluck()
    .all() as string[];
  if (stars.length === 0) return;
  const names = [...new Set(stars.map((cand) => lastSegment(cand.slice(cand.indexOf('*') + 1))))];
  const rows = db
    .prepare('SELECT name, id, kind, qualified_name FROM symbols WHERE name IN (SELECT value FROM json_each(?))')
    .raw()
    .all(JSON.stringify(names)) as [string, number, string, string][];
  const insert = db.prepare('INSERT INTO temp.star_answers (cand, id) VALUES (?, ?)');
  for (const [cand, id] of starAnswers(stars, rows, holders)) insert.run(cand, id);
}

/**
 * The last `.`-segment of a text.
 *
 * @param text - A name or suffix.
 * @returns The text after its last `.` (all of it without one).
 */
const lastSegment = (text: string): string => text.slice(text.lastIndexOf('.') + 1);

/**
 * Rule 2's answers to `prefix*suffix` candidates among the symbols named by their suffixes' last segments: for each
 * candidate, the one symbol of an accepted kind (a dotted suffix also a method or macro) whose qualified name starts
 * with the prefix and is the suffix or ends with `.` and the suffix; no answer when none or several are.
 *
 * A qualified name ends that way exactly when its last `k` `.`-separated segments are the suffix (`k` = the suffix's
 * segments), so the symbols are keyed once by name and by those segments for each `k` the suffixes have, and a
 * candidate reads only the symbols its suffix names. Testing every symbol of the name for every candidate cost a
 * one-file Django run ~9 ms of CPU: 95 candidates `….*Class.__init__` against 693 `__init__` methods each (issue 12
 * ledger, session 24).
 *
 * @param stars - Distinct candidates, each with a `*` and without the value prefix.
 * @param rows - `[name, id, kind, qualified name]` of every symbol whose name is a suffix's last segment.
 * @param holders - Answer among the slot holder kinds.
 * @returns `[candidate, id]` for each answered candidate, in candidate order.
 */
export function starAnswers(
  stars: readonly string[],
  rows: readonly (readonly [string, number, string, string])[],
  holders: boolean,
): [string, number][] {
  const segments = (text: string): number => {
    let count = 1;
    for (let at = text.indexOf('.'); at >= 0; at = text.indexOf('.', at + 1)) count++;
    return count;
  };
  const counts = [...new Set(stars.map((cand) => segments(cand.slice(cand.indexOf('*') + 1))))].sort((a, b) => a - b);
  // name → the last k segments of a qualified name (for each k of `counts` it has) → its symbols.
  const byTail = new Map<string, Map<string, [number, string, string][]>>();
  for (const [name, id, kind, qualifiedName] of rows) {
    let tails = byTail.get(name);
    if (tails === undefined) byTail.set(name, (tails = new Map()));
    let k = 0;
    let start = qualifiedName.length;
    for (const count of counts) {
      while (k < count && start >= 0) {
        start = start === 0 ? -1 : qualifiedName.lastIndexOf('.', start - 1);
        k++;
      }
      if (k < count) break;
      // `start` is the `count`-th last `.`, or -1: the name has exactly `count` segments.
      const tail = qualifiedName.slice(start + 1);
      let list = tails.get(tail);
      if (list === undefined) tails.set(tail, (list = []));
      list.push([id, kind, qualifiedName]);
    }
  }
  const named = new Set<string>(holders ? NAME_RESOLVABLE_HOLDER_KINDS : NAME_RESOLVABLE_KINDS);
  const callable = new Set<string>(holders ? SLOT_HOLDER_KINDS : CALLABLE_KINDS);
  const answers: [string, number][] = [];
  for (const cand of stars) {
    const star = cand.indexOf('*');
    const prefix = cand.slice(0, star);
    const suffix = cand.slice(star + 1);
    const dotted = suffix.includes('.');
    let answer = 0;
    let count = 0;
    for (const [id, kind, qualifiedName] of byTail.get(lastSegment(suffix))?.get(suffix) ?? []) {
      if (!(named.has(kind) || (dotted && callable.has(kind)))) continue;
      if (!qualifiedName.startsWith(prefix)) continue;
      count++;
      answer = id;
    }
    if (count === 1) answers.push([cand, answer]);
  }
  return answers;
}

/**
 * Build the tables rule 1c reads: `temp.export_barrels (module, splits, star)`, the modules with an export table (the
 * first module symbol with slot types of each qualified name), whether a candidate's module part can be the module's
 * own name (no `.` after its last `/`) and whether it has a `*` entry; and
 * `temp.export_hops (module, key, ord, part, star)`, where one hop leads from a module, keyed as a candidate looks it
 * up (the SQLite form of DuckDB's `exportHopsSql`):
 *
 * - key `.head`: each entry of the module's named slot for `head` (the rewrite is `part` then the candidate's tail);
 * - key `*`: each `*` entry naming a module a further hop can go on from whatever the name: one with a `*` entry of
 *   its own, or one whose name a candidate's module part never equals (a further hop reads another module's table);
 * - key `*.head`: each `*` entry naming any other module with an export table (named entries only), for each name it
 *   re-exports: a further hop goes on from it only through that named entry;
 * - key `*rest`: each `*` entry `S` not under key `*` such that a symbol is named `S.rest` — the only other rewrites
 *   through a `*` entry that can answer.
 *
 * A `*` rewrite (`star`) is the entry's module, a `.` and the candidate's rest. Every rewrite left out leads nowhere:
 * no symbol is named by it and no further hop rewrites it, so the answers are those of all rewrites.
 *
 * @param db - Writer connection.
 */
function buildExportTables(db: Database): void {
  const star = `'${STAR_EXPORT_SLOT}'`;
  // The entries are read from the few modules' text by the reference reading (`slotEntries`): a split of a long text
  // in SQL is a recursive CTE copying the rest of the text at every piece.
  db.exec(
    'CREATE TEMP TABLE export_entries (module TEXT NOT NULL, slot TEXT NOT NULL, ord INTEGER NOT NULL, part TEXT NOT NULL);',
  );
  const tables = db
    .prepare(
      `SELECT qualified_name, slot_types FROM (
         SELECT s.qualified_name, s.slot_types, row_number() OVER (
           PARTITION BY s.qualified_name ORDER BY f.path, s.start_line, s.kind, s.id) AS rank
         FROM symbols s JOIN files f ON f.id = s.file_id
         WHERE s.kind = 'module' AND s.slot_types IS NOT NULL) WHERE rank = 1`,
    )
    .raw()
    .all() as [string, string][];
  const insert = db.prepare('INSERT INTO temp.export_entries (module, slot, ord, part) VALUES (?, ?, ?, ?)');
  for (const [module, slotTypes] of tables) {
    for (const [slot, ord, part] of slotEntries(slotTypes)) insert.run(module, slot, ord, part);
  }
  db.exec(`
    CREATE TEMP TABLE export_barrels (module TEXT PRIMARY KEY, splits INTEGER NOT NULL, star INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO temp.export_barrels
      SELECT module, module <> '' AND instr(substr(module, length(rtrim(module, replace(module, '/', ''))) + 1), '.') = 0,
        max(slot = ${star})
      FROM temp.export_entries GROUP BY module;
    CREATE TEMP TABLE export_hops (module TEXT NOT NULL, key TEXT NOT NULL, ord INTEGER NOT NULL, part TEXT NOT NULL,
      star INTEGER NOT NULL);
    INSERT INTO temp.export_hops
      SELECT module, slot, ord, part, 0 FROM temp.export_entries WHERE slot <> ${star}
      UNION ALL
      SELECT e.module, ${star}, e.ord, e.part, 1 FROM temp.export_entries e JOIN temp.export_barrels b ON b.module = e.part
      WHERE e.slot = ${star} AND (b.star OR NOT b.splits)
      UNION ALL
      SELECT e.module, ${star} || n.slot, e.ord, e.part, 1
      FROM temp.export_entries e JOIN temp.export_barrels b ON b.module = e.part AND b.splits AND NOT b.star
        JOIN (SELECT DISTINCT module, slot FROM temp.export_entries WHERE slot <> ${star}) n ON n.module = e.part
      WHERE e.slot = ${star}
      UNION ALL
      SELECT e.module, ${star} || t.rest, e.ord, e.part, 1
      FROM temp.export_entries e JOIN (
        SELECT DISTINCT m.part AS module, substr(s.qualified_name, length(m.part) + 2) AS rest
        FROM (SELECT DISTINCT part FROM temp.export_entries
              WHERE slot = ${star} AND part NOT IN (SELECT module FROM temp.export_barrels WHERE star OR NOT splits)) m
        JOIN symbols s ON s.qualified_name > m.part || '.' AND s.qualified_name < m.part || '/') t ON t.module = e.part
      WHERE e.slot = ${star} AND e.part NOT IN (SELECT module FROM temp.export_barrels WHERE star OR NOT splits);
    CREATE INDEX temp.export_hops_key ON export_hops (module, key);
    DROP TABLE temp.export_entries;
    CREATE TEMP TABLE export_rw (origin TEXT NOT NULL, hop INTEGER NOT NULL, ord INTEGER NOT NULL, cand TEXT NOT NULL);
    CREATE TEMP TABLE export_answers (cand TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID;`);
}

/** Drop the tables of {@link buildExportTables}. */
const DROP_EXPORT_TABLES =
  'DROP TABLE temp.export_barrels; DROP TABLE temp.export_hops; DROP TABLE temp.export_rw; DROP TABLE temp.export_answers;';

/**
 * The candidates of one hop of `temp.export_rw` that name a module with an export table and that no symbol is named
 * by, split for rule 1c into the columns origin, ord, pre (the value prefix), plain (the candidate without it),
 * module, rest (what follows the module part), head (its first segment), tail (the rest after it, with its `.`) and
 * by_name (whether the module re-exports `head` by name: the hop then takes that entry, else its `*` entries).
 *
 * @param hop - SQL of the hop whose rows to split (a bound parameter).
 * @returns A `WITH` clause whose last table, `x`, holds them.
 */
function rewritableSql(hop: string): string {
  // Each stage is materialized: flattened, the nested expressions would be recomputed for every reference.
  // The module part ends at the first `.` after the last `/`. Only a module with an export table is wanted, and such a
  // name holds no `.` after its last `/` (`splits`): the candidate then starts with the name and a `.`, something
  // after it, and holds no `/` after it — the one module `codira_module_part` names ({@link modulePart}), found by
  // the barrels' key. In SQL the last `/` of each candidate (`rtrim(plain, replace(plain, '/', ''))`, a trim by every
  // other character of the text) was most of a hop's cost, and a range test of every candidate against every barrel
  // two thirds of it (zod: 4.5 → 2.5 ms for the first hop; issue 12 ledger, session 22).
  return `WITH plain AS MATERIALIZED (
      SELECT origin, ord, CASE WHEN substr(cand, 1, 1) = ${VALUE} THEN ${VALUE} ELSE '' END AS pre,
        CASE WHEN substr(cand, 1, 1) = ${VALUE} THEN substr(cand, 2) ELSE cand END AS plain
      FROM temp.export_rw WHERE hop = ${hop} AND instr(cand, '*') = 0 AND instr(cand, ${TILDE}) = 0),
    parts AS MATERIALIZED (
      SELECT p.origin, p.ord, p.pre, p.plain, b.module, substr(p.plain, length(b.module) + 2) AS rest
      FROM plain p JOIN temp.export_barrels b ON b.module = codira_module_part(p.plain) AND b.splits),
    named AS MATERIALIZED (
      SELECT *, instr(rest, '.') AS r FROM parts
      WHERE NOT EXISTS (SELECT 1 FROM symbols n WHERE n.qualified_name = parts.plain)),
    heads AS MATERIALIZED (
      SELECT origin, ord, pre, plain, module, rest, CASE WHEN r = 0 THEN rest ELSE substr(rest, 1, r - 1) END AS head,
        CASE WHEN r = 0 THEN '' ELSE substr(rest, r) END AS tail
      FROM named)
    , x AS MATERIALIZED (SELECT *, EXISTS (SELECT 1 FROM temp.export_hops n
          WHERE n.module = heads.module AND n.key = '${NAMED_EXPORT_PREFIX}' || heads.head) AS by_name
      FROM heads)`;
}

/**
 * The module part of a candidate as rule 1c splits it: the text before the first `.` after its last `/`, when
 * something follows that `.` (`a/b.c.d` → `a/b`, `x.y` → `x`, `a/b` and `a/b.` → none). A module that splits
 * candidates (`temp.export_barrels.splits`: no `.` after its last `/`) is this part of exactly the candidates that
 * start with its name, a `.` and more, with no `/` after it.
 *
 * @param plain - The candidate without its value prefix.
 * @returns The module part, or `null`.
 */
export function modulePart(plain: unknown): string | null {
  if (typeof plain !== 'string') return null;
  const dot = plain.indexOf('.', plain.lastIndexOf('/') + 1);
  return dot < 0 || dot === plain.length - 1 ? null : plain.slice(0, dot);
}

/** Connections with `codira_module_part` registered (a registration expires the connection's prepared statements). */
const modulePartRegistered = new WeakSet<Database>();

/**
 * Rule 1c's statements of one resolution, prepared once and run for each candidate set over the same two tables
 * (`temp.export_rw`, `temp.export_answers`, emptied after each set): compiling them again for every set and every hop,
 * with a temporary table created and dropped each time (a schema change, after which SQLite compiles every prepared
 * statement again), was part of rule 1c's cost on mobx.
 */
interface ExportRewriter {
  /** Whether the rows of a hop hold one that no symbol is named by (something left to rewrite). */
  readonly open: Statement<[number]>;
  /** One hop: the rows of hop `prev` rewritten into hop `hop`. */
  readonly hop: Statement<[{ prev: number; hop: number }]>;
  /** The answers of the rewrites, among callables (index 0) or slot holders (index 1). */
  readonly answers: readonly [Statement<[]>, Statement<[]>];
  /** Empty both tables. */
  readonly clear: readonly Statement<[]>[];
  /** Per target table: seed hop 0 from its unanswered candidates, and take the first answer per origin. */
  readonly into: Map<string, { seed: Statement<[]>; take: Statement<[]> }>;
}

/** The candidates rule 1c's rewrites produced, answered as one set. */
const REWRITES = 'SELECT cand FROM temp.export_rw WHERE hop > 0';

/**
 * Prepare rule 1c's statements ({@link buildExportTables} done, every temporary table of the resolution created).
 *
 * @param db - Writer connection.
 * @returns The statements.
 */
function exportRewriter(db: Database): ExportRewriter {
  if (!modulePartRegistered.has(db)) {
    db.function('codira_module_part', { deterministic: true }, modulePart);
    modulePartRegistered.add(db);
  }
  const answers = (holders: boolean): Statement<[]> =>
    db.prepare(`INSERT INTO temp.export_answers ${answersSql(REWRITES, holders)}`);
  return {
    // A row a symbol is named by is an answer, not rewritten further.
    open: db
      .prepare<[number]>(
        `SELECT EXISTS (SELECT 1 FROM temp.export_rw r WHERE r.hop = ? AND NOT EXISTS (SELECT 1 FROM symbols n
        WHERE n.qualified_name = CASE WHEN substr(r.cand, 1, 1) = ${VALUE} THEN substr(r.cand, 2) ELSE r.cand END))`,
      )
      .pluck(),
    hop: db.prepare<[{ prev: number; hop: number }]>(`
      INSERT INTO temp.export_rw ${rewritableSql('@prev')}
        SELECT x.origin, @hop, x.ord * ${EXPORT_WIDTH} + e.ord, x.pre || e.part || x.tail
        FROM x CROSS JOIN temp.export_hops e ON e.module = x.module AND e.key = '${NAMED_EXPORT_PREFIX}' || x.head
        WHERE x.by_name
        UNION ALL
        SELECT x.origin, @hop, x.ord * ${EXPORT_WIDTH} + e.ord, x.pre || e.part || '.' || x.rest
        FROM x CROSS JOIN temp.export_hops e
          ON e.module = x.module AND e.key IN ('${STAR_EXPORT_SLOT}', '${STAR_EXPORT_SLOT}' || x.rest,
            '${STAR_EXPORT_SLOT}${NAMED_EXPORT_PREFIX}' || x.head)
        WHERE NOT x.by_name`),
    answers: [answers(false), answers(true)],
    clear: [db.prepare('DELETE FROM temp.export_rw'), db.prepare('DELETE FROM temp.export_answers')],
    into: new Map(),
  };
}

/**
 * Insert into `into` a `(cand, id)` row for each distinct candidate of `cands`, answered by rules 1, 1b and 2 and,
 * failing those, by rule 1c: the first answer among the candidate's rewrites through module export tables
 * (`rewriteThroughExports` in `src/core/module-exports.ts`), breadth-first by hop, in entry order within a hop. A hop
 * is one join of the candidates' `(module, key)` on `temp.export_hops`, which holds only the rewrites that can answer
 * or lead on ({@link buildExportTables}), so a barrel of a hundred modules costs the rewrites that exist.
 *
 * @param db - Writer connection.
 * @param into - Table of `(cand, id)` to insert into.
 * @param cands - A `SELECT` of one text column `cand` (plain candidates: no `~`).
 * @param holders - Answer among the slot holder kinds.
 * @param rewriter - Rule 1c's statements, or `null` when no module has an export table (rules 1 to 2 only).
 */
function insertAnswers(
  db: Database,
  into: string,
  cands: string,
  holders: boolean,
  rewriter: ExportRewriter | null,
): void {
  answerStars(db, cands, holders);
  db.exec(`INSERT INTO ${into} ${answersSql(cands, holders)};`);
  if (rewriter === null) return;
  let target = rewriter.into.get(into);
  if (target === undefined) {
    // Only an unanswered candidate that starts with a barrel's name and a dot can name that barrel: a range of the
    // primary key per barrel finds them, so the other candidates cost nothing.
    const inRange = (prefix: string): string =>
      `SELECT t.cand FROM temp.export_barrels b CROSS JOIN ${into} t
       ON t.cand > ${prefix} || b.module || '.' AND t.cand < ${prefix} || b.module || '/' WHERE t.id IS NULL`;
    target = {
      seed: db.prepare(
        `INSERT INTO temp.export_rw SELECT DISTINCT cand, 0, 0, cand FROM (${inRange("''")} UNION ALL ${inRange(VALUE)})`,
      ),
      take: db.prepare(`UPDATE ${into} SET id = w.id FROM (SELECT origin, id FROM (
          SELECT r.origin, a.id, row_number() OVER (PARTITION BY r.origin ORDER BY r.hop, r.ord) AS rank
          FROM temp.export_rw r JOIN temp.export_answers a ON a.cand = r.cand WHERE a.id IS NOT NULL)
        WHERE rank = 1) w
      WHERE ${into}.cand = w.origin`),
    };
    rewriter.into.set(into, target);
  }
  target.seed.run();
  // Stop as soon as a hop has nothing left to rewrite.
  let last = 0;
  for (let hop = 1; hop <= EXPORT_HOPS && rewriter.open.get(hop - 1) === 1; hop++) {
    last = hop;
    rewriter.hop.run({ prev: hop - 1, hop });
  }
  if (last > 0) {
    answerStars(db, REWRITES, holders);
    rewriter.answers[holders ? 1 : 0].run();
    target.take.run();
  }
  for (const clear of rewriter.clear) clear.run();
}

/**
 * The qualified names of the modules with an export table, read from the partial index `symbols_barrels` (its
 * `WHERE` is this one's), so the question costs the few modules that have one, not a read of every symbol row: it is
 * asked by every resolution, an incremental run's included.
 */
export const BARREL_MODULES_SQL =
  "SELECT DISTINCT qualified_name FROM symbols INDEXED BY symbols_barrels WHERE kind = 'module' AND slot_types IS NOT NULL";

/**
 * Whether rule 1c can rewrite a candidate of the hints: whether a module has an export table and the hints or — when
 * a hint has a deferred candidate, the only reader of slot types — a holder's slot types name one (`barrelMentions` in
 * `src/core/module-exports.ts`: may say yes needlessly, never no wrongly).
 *
 * @param db - Writer connection; `temp.hint_cands` holds the hints to resolve, split (each hint once at `ord` 1: read
 *   from there, not from the edge tables, so the distinct hints are found once per resolution), and `temp.deferred`
 *   their deferred candidates.
 * @returns Whether to apply rule 1c.
 */
export function rewritable(db: Database): boolean {
  const barrels = db.prepare(BARREL_MODULES_SQL).pluck().all() as string[];
  if (barrels.length === 0) return false;
  const mentions = barrelMentions(barrels);
  const inHints = new RegExp(mentions.hints);
  for (const list of db.prepare('SELECT hint FROM temp.hint_cands WHERE ord = 1').pluck().iterate()) {
    if (inHints.test(list as string)) return true;
  }
  // Slot types are read only for deferred candidates (rule 3's type and member candidates): without one, no rewrite
  // can start from them, and the read of every holder's slot types (~3 ms on this repository) is skipped.
  if (db.prepare('SELECT EXISTS (SELECT 1 FROM temp.deferred)').pluck().get() === 0) return false;
  const inSlots = new RegExp(mentions.slotTypes);
  const slots = db.prepare(`SELECT slot_types FROM symbols WHERE slot_types IS NOT NULL AND kind IN ${HOLDER}`);
  for (const text of slots.pluck().iterate()) if (inSlots.test(text as string)) return true;
  return false;
}

/**
 * A recursive CTE body splitting the text column `list` of `source` (which also has `key`) into
 * `(key, ord, part)` rows, `ord` from 1.
 *
 * @param source - A `SELECT` with columns `key` and `list`.
 * @param separator - SQL string literal of the separator.
 * @returns A `SELECT` of `(key, ord, part)`.
 */
function splitSql(source: string, separator: string): string {
  return `WITH RECURSIVE split(key, ord, part, rest) AS (
        SELECT key, 0, NULL, list || ${separator} FROM (${source})
        UNION ALL
        SELECT key, ord + 1, substr(rest, 1, instr(rest, ${separator}) - 1), substr(rest, instr(rest, ${separator}) + 1)
        FROM split WHERE rest <> '')
      SELECT key, ord, part FROM split WHERE ord > 0`;
}

/**
 * `(key, id)`: per key, the answer of its first answered part (`parts` has `key`, `ord`, `part`).
 *
 * @param parts - Table of split candidates.
 * @param answers - Table of `(cand, id)` answers.
 * @returns A `SELECT`.
 */
function firstAnswerSql(parts: string, answers = 'temp.cand_target'): string {
  return `SELECT key, id FROM (
        SELECT p.key, t.id, row_number() OVER (PARTITION BY p.key ORDER BY p.ord) AS rank
        FROM ${parts} p JOIN ${answers} t ON t.cand = p.part WHERE t.id IS NOT NULL)
      WHERE rank = 1`;
}

/**
 * `(key, list)`: the entry of slot `slot` in the slot types of symbol `id`, for rows that have one.
 *
 * @param rows - A `SELECT` of `(key, id, slot)`.
 * @returns A `SELECT`.
 */
function slotListSql(rows: string): string {
  // A last entry without its closing `;` runs to the end of the text (`slotEntry` in src/core/module-exports.ts).
  return `SELECT key, CASE WHEN instr(tail, ';') = 0 THEN tail ELSE substr(tail, 1, instr(tail, ';') - 1) END AS list
      FROM (SELECT r.key, instr(s.slot_types, ';' || r.slot || '=') AS at,
              substr(s.slot_types, instr(s.slot_types, ';' || r.slot || '=') + length(r.slot) + 2) AS tail
            FROM (${rows}) r JOIN symbols s ON s.id = r.id)
      WHERE at > 0`;
}

/**
 * Build `temp.resolution (hint, id)`: the target of every distinct non-null hint of the edge tables. Plain
 * candidates, and the callee candidates of deferred ones (`callees~slot~member`, among the slot holder kinds), are
 * answered first; then each deferred candidate's member candidates: its callee's slot types each followed by
 * `.member`, then (ordered after them) the same for the heritage (slot `e`) of the first slot type that is a holder.
 * A deferred candidate takes the first answered one.
 *
 * @param db - Writer connection; symbol indexes in place.
 * @param hints - A `SELECT` of `(key, list)`, both the hint: the hints to resolve.
 */
function buildResolution(db: Database, hints: string): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.hint_cands;
    DROP TABLE IF EXISTS temp.cand_target;
    DROP TABLE IF EXISTS temp.resolution;
    DROP TABLE IF EXISTS temp.star_answers;
    CREATE TEMP TABLE hint_cands (hint TEXT NOT NULL, ord INTEGER NOT NULL, cand TEXT NOT NULL);
    INSERT INTO temp.hint_cands
      ${splitSql(hints, SEP)};
    CREATE TEMP TABLE deferred (cand TEXT PRIMARY KEY, callees TEXT, slot TEXT, member TEXT) WITHOUT ROWID;
    INSERT INTO temp.deferred
      SELECT cand, substr(cand, 1, t - 1), substr(rest, 1, u - 1), substr(rest, u + 1)
      FROM (SELECT cand, t, rest, instr(rest, ${TILDE}) AS u
            FROM (SELECT cand, t, substr(cand, t + 1) AS rest
                  FROM (SELECT DISTINCT cand, instr(cand, ${TILDE}) AS t FROM temp.hint_cands) WHERE t > 0))
      WHERE u > 0;
    CREATE TEMP TABLE callee_cands (key TEXT NOT NULL, ord INTEGER NOT NULL, part TEXT NOT NULL);
    INSERT INTO temp.callee_cands ${splitSql('SELECT cand AS key, callees AS list FROM temp.deferred', LIST)};
    CREATE TEMP TABLE star_answers (cand TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TEMP TABLE cand_target (cand TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE callee_target (cand TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE slot_parts (key TEXT NOT NULL, ord INTEGER NOT NULL, part TEXT NOT NULL);
    CREATE TEMP TABLE type_target (cand TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE base_parts (key TEXT NOT NULL, ord INTEGER NOT NULL, part TEXT NOT NULL);
    CREATE TEMP TABLE member_cands (key TEXT NOT NULL, ord INTEGER NOT NULL, part TEXT NOT NULL);`);
  // Rule 1c costs nothing where it has nothing to rewrite: no export table (no TypeScript barrel, any Python or C
  // tree), or no hint and no holder's slot types naming a module that has one (rxjs: nothing imports its barrels).
  // Every temporary table exists before rule 1c's statements are prepared: a table created later would make SQLite
  // compile them again.
  let rewriter: ExportRewriter | null = null;
  if (rewritable(db)) {
    buildExportTables(db);
    rewriter = exportRewriter(db);
  }
  insertAnswers(
    db,
    'temp.cand_target',
    `SELECT cand FROM temp.hint_cands WHERE instr(cand, ${TILDE}) = 0`,
    false,
    rewriter,
  );
  insertAnswers(db, 'temp.callee_target', 'SELECT part AS cand FROM temp.callee_cands', true, rewriter);
  db.exec(`
    INSERT INTO temp.slot_parts ${splitSql(
      slotListSql(`SELECT d.cand AS key, c.id, d.slot FROM temp.deferred d
        JOIN (${firstAnswerSql('temp.callee_cands', 'temp.callee_target')}) c ON c.key = d.cand`),
      LIST,
    )};`);
  insertAnswers(db, 'temp.type_target', 'SELECT part AS cand FROM temp.slot_parts', true, rewriter);
  db.exec(`
    INSERT INTO temp.base_parts ${splitSql(
      slotListSql(`SELECT key, id, 'e' AS slot FROM (${firstAnswerSql('temp.slot_parts', 'temp.type_target')})`),
      LIST,
    )};
    INSERT INTO temp.member_cands
      SELECT p.key, p.ord, p.part || '.' || d.member
      FROM (SELECT key, ord, part FROM temp.slot_parts
            UNION ALL SELECT key, ord + ${BASE_ORD}, part FROM temp.base_parts) p
      JOIN temp.deferred d ON d.cand = p.key;
`);
  insertAnswers(
    db,
    'temp.cand_target',
    'SELECT part AS cand FROM temp.member_cands WHERE part NOT IN (SELECT cand FROM temp.cand_target)',
    false,
    rewriter,
  );
  db.exec(`
    INSERT OR IGNORE INTO temp.cand_target ${firstAnswerSql('temp.member_cands')};
    CREATE TEMP TABLE resolution (hint TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO temp.resolution
      SELECT hint, id FROM (
        SELECT h.hint, t.id, row_number() OVER (PARTITION BY h.hint ORDER BY h.ord) AS rank
        FROM temp.hint_cands h JOIN temp.cand_target t ON t.cand = h.cand WHERE t.id IS NOT NULL)
      WHERE rank = 1;
    DROP TABLE temp.hint_cands;
    DROP TABLE temp.deferred;
    DROP TABLE temp.callee_cands;
    DROP TABLE temp.callee_target;
    DROP TABLE temp.slot_parts;
    DROP TABLE temp.type_target;
    DROP TABLE temp.base_parts;
    DROP TABLE temp.member_cands;
    DROP TABLE temp.cand_target;
    DROP TABLE temp.star_answers;`);
  if (rewriter !== null) db.exec(DROP_EXPORT_TABLES);
}

/**
 * Resolve every edge and recompute every metric. Expects the symbol indexes and no edge indexes (the `UPDATE`
 * would otherwise maintain them row by row); `createEdgeIndexes` runs between resolution and metrics.
 *
 * @param db - Writer connection of a full run.
 * @param createEdgeIndexes - Builds the edge indexes the metrics queries read.
 */
export function rebuildFull(db: Database, createEdgeIndexes: () => void): void {
  buildResolution(db, ALL_HINTS);
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

/**
 * Write the new target of every edge holding a stale hint whose target changed; record the endpoints of changed calls
 * in `temp.affected` for the metrics. The run's own edges (owners in the run's blocks) are resolved through the
 * owner index; each was written with its hint's target before the run as a first value (`SqliteRowWriter`'s prior
 * targets), so only those whose answer differs are written. Every other edge of a hint had the hint's previous answer (each commit leaves every edge resolved), so
 * one of them tells whether the answer changed, and only the edges of changed hints are read and written: a common
 * hint shared by thousands of edges costs one probe when its answer stays.
 *
 * @param db - Writer connection of an incremental run; `temp.run_owners` holds the run's handle blocks.
 * @param table - Edge table.
 */
function reresolve(db: Database, table: EdgeTable): void {
  const { owner } = columns(table);
  // An edge owned by a symbol of one of the run's blocks (`temp.run_owners`) is the run's own.
  const others = (edge: string): string =>
    `NOT EXISTS (SELECT 1 FROM temp.run_owners o WHERE ${edge}.${owner} BETWEEN o.lo AND o.hi)`;
  db.exec(`
    DROP TABLE IF EXISTS temp.changed_edges;
    CREATE TEMP TABLE changed_edges AS
      SELECT e.rowid AS rid, e.${owner} AS owner, e.target_id AS old, r.id AS new, 1 AS own
      FROM temp.run_owners o CROSS JOIN ${table} e INDEXED BY ${table}_${owner === 'caller_id' ? 'caller' : 'owner'}
          ON e.${owner} BETWEEN o.lo AND o.hi
        LEFT JOIN temp.resolution r ON r.hint = e.target_hint
      WHERE e.target_hint IS NOT NULL AND e.target_id IS NOT r.id;
    INSERT INTO temp.changed_edges
      SELECT e.rowid, e.${owner}, e.target_id, x.new, 0
      FROM (SELECT h.hint, r.id AS new FROM temp.stale_hints h LEFT JOIN temp.resolution r ON r.hint = h.hint
            WHERE (SELECT p.target_id FROM ${table} p INDEXED BY ${table}_hint
                   WHERE p.target_hint = h.hint AND ${others('p')} LIMIT 1) IS NOT r.id) x
        CROSS JOIN ${table} e INDEXED BY ${table}_hint ON e.target_hint = x.hint
      WHERE ${others('e')} AND e.target_id IS NOT x.new;
    UPDATE ${table} SET target_id = c.new FROM temp.changed_edges c WHERE ${table}.rowid = c.rid;`);
  if (table === 'calls') {
    // Three inserts into the keyed table: a `UNION` of the three columns sorted every changed edge three times.
    db.exec(`
      INSERT OR IGNORE INTO temp.affected SELECT owner FROM temp.changed_edges;
      INSERT OR IGNORE INTO temp.affected SELECT old FROM temp.changed_edges WHERE old IS NOT NULL;
      INSERT OR IGNORE INTO temp.affected SELECT new FROM temp.changed_edges WHERE new IS NOT NULL;
      INSERT OR IGNORE INTO temp.recount SELECT old FROM temp.changed_edges WHERE own = 0 AND old IS NOT NULL;
      INSERT OR IGNORE INTO temp.recount SELECT new FROM temp.changed_edges WHERE own = 0 AND new IS NOT NULL;`);
  }
  db.exec('DROP TABLE temp.changed_edges;');
}

/**
 * One round of {@link findStaleHints}'s barrel chain: the holders, under a touched key, that are the qualified name or
 * the name of a module with an export table become touched. The modules are read once per statement from the partial
 * index `symbols_barrels` (the few modules that have a table): an `EXISTS` over `symbols` with an `OR` of the two
 * names made SQLite build an automatic index over every symbol row in every round (zod one-file: ~5 ms a round).
 * The unary `+` keeps `holder` out of the key lookup: with it, SQLite probed `slot_keys` once per touched key and
 * listed module (4 ms against 1 ms for the three rounds of a zod one-file run).
 */
export const BARREL_HOLDERS_SQL = `
  INSERT OR IGNORE INTO temp.touched_keys
    SELECT s.holder FROM temp.touched_keys t CROSS JOIN slot_keys s ON s.key = t.key
    WHERE +s.holder IN (
      SELECT qualified_name FROM symbols INDEXED BY symbols_barrels WHERE kind = 'module' AND slot_types IS NOT NULL
      UNION ALL
      SELECT name FROM symbols INDEXED BY symbols_barrels WHERE kind = 'module' AND slot_types IS NOT NULL)`;

/**
 * Fill `temp.stale_hints` with the hints a run can affect: its own and its removed edges' hints, and every stored hint
 * with a key the run touched or a key of a holder whose slot types name a touched key.
 *
 * @param db - Writer connection of an incremental run.
 * @param run - The run's touched keys and hints.
 */
function findStaleHints(db: Database, run: RunKeys): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.touched_keys;
    DROP TABLE IF EXISTS temp.stale_hints;
    CREATE TEMP TABLE touched_keys (key TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TABLE stale_hints (hint TEXT PRIMARY KEY) WITHOUT ROWID;`);
  db.prepare('INSERT OR IGNORE INTO temp.touched_keys SELECT value FROM json_each(?)').run(
    JSON.stringify([...run.touched]),
  );
  db.prepare('INSERT OR IGNORE INTO temp.stale_hints SELECT value FROM json_each(?)').run(
    JSON.stringify([...run.hints]),
  );
  // CROSS JOIN fixes the join order: the temp tables have no statistics, and the planner otherwise scans the whole
  // key table (or hint index) with the small table inside the loop.
  db.exec(`
    INSERT OR IGNORE INTO temp.touched_keys
      SELECT s.holder FROM temp.touched_keys t CROSS JOIN slot_keys s ON s.key = t.key;`);
  // A chain of barrels: a module whose export table names an affected key is affected in turn (rule 1c). A round
  // that adds no key leaves the next one nothing new to add.
  const barrelHolders = db.prepare(BARREL_HOLDERS_SQL);
  for (let round = 1; round < EXPORT_HOPS; round++) {
    if (barrelHolders.run().changes === 0) break;
  }
  db.exec(`
    INSERT OR IGNORE INTO temp.stale_hints
      SELECT h.hint FROM temp.touched_keys k CROSS JOIN hint_keys h ON h.key = k.key;
    DROP TABLE temp.touched_keys;`);
}

/**
 * Re-resolve the edges whose hint a run can affect (`docs/architecture/index-semantics.md`, "What an incremental run
 * re-resolves"), write the ones whose target changed, and recompute the metrics of affected symbols. `prepare` must
 * have recorded the targets of removed calls in `temp.affected`.
 *
 * @param db - Writer connection of an incremental run, all indexes in place.
 * @param run - The run's touched keys and hints.
 * @param firstNewId - First symbol handle this run allocated (the owners of its own edges are at or above it, or in a
 *   reused block).
 * @param reusedBlocks - `[first, last]` handles of the blocks re-analysed files took back (`SqliteRowWriter`).
 */
export function rebuildIncremental(
  db: Database,
  run: RunKeys,
  firstNewId: number,
  reusedBlocks: readonly (readonly [number, number])[],
): void {
  findStaleHints(db, run);
  buildResolution(db, 'SELECT hint AS key, hint AS list FROM temp.stale_hints');
  // The run's symbols: the new block above every earlier handle and the blocks taken back by re-analysed files.
  db.exec('CREATE TEMP TABLE run_owners (lo INTEGER NOT NULL, hi INTEGER NOT NULL);');
  const block = db.prepare('INSERT INTO temp.run_owners VALUES (?, ?)');
  block.run(Math.trunc(firstNewId), Number.MAX_SAFE_INTEGER);
  for (const [lo, hi] of reusedBlocks) block.run(lo, hi);
  // Every symbol of the run gets its metrics computed: its edges may all have kept their prior targets
  // (`reresolve`), so none of them names it as a changed edge's owner.
  db.exec(`INSERT OR IGNORE INTO temp.affected
    SELECT s.id FROM temp.run_owners o CROSS JOIN symbols s ON s.id BETWEEN o.lo AND o.hi;`);
  reresolve(db, 'calls');
  reresolve(db, 'refs');
  // The distinct callers of each target among the run's own calls (for the fan-in by difference below).
  db.exec(`CREATE TEMP TABLE run_in AS
    SELECT e.target_id AS id, count(DISTINCT e.caller_id) AS n
    FROM temp.run_owners o CROSS JOIN calls e INDEXED BY calls_caller ON e.caller_id BETWEEN o.lo AND o.hi
    WHERE e.target_id IS NOT NULL GROUP BY e.target_id;
    INSERT OR IGNORE INTO temp.affected SELECT id FROM temp.run_in;`);
  db.exec('DROP TABLE temp.run_owners;');
  const orphans = db
    .prepare(
      `SELECT hint FROM temp.stale_hints h
       WHERE NOT EXISTS (SELECT 1 FROM calls INDEXED BY calls_hint WHERE target_hint = h.hint)
         AND NOT EXISTS (SELECT 1 FROM refs INDEXED BY refs_hint WHERE target_hint = h.hint)`,
    )
    .pluck()
    .all() as string[];
  dropOrphanHints(db, orphans);
  db.exec('DROP TABLE temp.resolution; DROP TABLE temp.stale_hints;');
  // Fan-in by difference: a symbol's callers are the other files' symbols, whose edges to it only a re-targeted
  // edge of theirs changes (`temp.recount`: counted again in full), plus the run's removed symbols before and its own
  // symbols after (disjoint handles; a handle a re-analysed file took back had the removed symbol's callers and
  // metrics row). So unless re-targeted, fan-in = stored − removed callers + the run's callers: a symbol with
  // thousands of callers in other files costs three lookups instead of a read of every edge into it (SymPy's rubi
  // file: ~260,000 index entries). A missing metrics row is a fan-in of 0. Only rows whose values change are
  // written; a removed symbol that is no more (no symbol row) loses its row.
  db.exec(`
    CREATE TEMP TABLE new_metrics (id INTEGER PRIMARY KEY, fan_in INTEGER NOT NULL, fan_out INTEGER NOT NULL);
    INSERT INTO temp.new_metrics
      SELECT a.id,
        CASE WHEN a.id IN (SELECT id FROM temp.recount)
          THEN (SELECT count(DISTINCT caller_id) FROM calls INDEXED BY calls_target WHERE target_id = a.id)
          ELSE coalesce((SELECT m.fan_in FROM metrics m WHERE m.symbol_id = a.id), 0)
               - coalesce((SELECT g.n FROM temp.gone_in g WHERE g.id = a.id), 0)
               + coalesce((SELECT r.n FROM temp.run_in r WHERE r.id = a.id), 0)
        END,
        (SELECT count(DISTINCT target_id) FROM calls INDEXED BY calls_caller
          WHERE caller_id = a.id AND target_id IS NOT NULL)
      FROM temp.affected a JOIN symbols s ON s.id = a.id;
    DELETE FROM metrics WHERE symbol_id IN (SELECT id FROM temp.affected) AND NOT EXISTS (
      SELECT 1 FROM temp.new_metrics n WHERE n.id = metrics.symbol_id AND n.fan_in = metrics.fan_in
        AND n.fan_out = metrics.fan_out);
    INSERT OR IGNORE INTO metrics (symbol_id, fan_in, fan_out)
      SELECT id, fan_in, fan_out FROM temp.new_metrics WHERE fan_in > 0 OR fan_out > 0;
    DROP TABLE temp.new_metrics; DROP TABLE temp.run_in;
    DELETE FROM temp.affected; DELETE FROM temp.gone_in; DELETE FROM temp.recount;`);
}
