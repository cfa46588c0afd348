/**
 * Derived state of an overlay run (`docs/architecture/index-semantics.md`, "What an incremental run re-resolves"),
 * found through the base's stored keys (`KEY_TABLES` in `duckdb-schema.ts`) so that its cost follows the change, not
 * the index:
 *
 * 1. the run's touched keys: those of the symbols it removed or added;
 * 2. its affected keys: the touched ones plus the keys of every holder whose slot types name one
 *    (`slot_keys` lookups in the base, the overlay's few symbols read directly);
 * 3. the stale hints: `hint_keys` lookups (the base's and the overlay's own rows); their base edges: lookups in the
 *    base edge tables' hint index;
 * 4. the symbols that can answer those hints: `symbol_keys` lookups for the hints' keys, then for the slot-type keys of
 *    what they find;
 * 5. resolution of those hints against those symbols only, in JavaScript with the reference resolver
 *    (`src/core/resolver.ts`: a set query here cost DuckDB more to plan than the few answers cost to compute), and
 *    re-targeting;
 * 6. metrics of the affected symbols, their calls found through the base's caller and target indexes.
 *
 * Lookups pass their keys as literal lists (`IN ('a', 'b')`), which DuckDB answers from an ART index; a join with a
 * table of keys would scan the whole base table instead. The stale hints are the exception above a few hundred
 * ({@link staleListLimit}): that many hints match too many edges for the index, and the edge tables' hint column is
 * scanned against the table `stale` either way.
 *
 * The writer leaves out of `gone` and `added` every symbol that kept its handle, path and resolution inputs (a file
 * that took its block back or grew it in place, `IdAllocator` in `duckdb-arrow-batches.ts`): to the resolver it is
 * the same symbol, so it touches no key.
 *
 * @packageDocumentation
 */
import { EXPORT_HOPS } from '../../core/module-exports.js';
import type { SymbolKind } from '../../core/model.js';
import { hintKeys, slotTypeKeys, symbolKeys } from '../../core/resolution-keys.js';
import { createResolver, type ResolvableSymbol } from '../../core/resolver.js';
import { sqlString, sqlStringList } from '../sql-text.js';
import { MODULE_PART, keyOf, resolveEdgesSql, symbolKeysSql, validHandle } from './duckdb-derived.js';
import { EDGE_TEXT, type EdgeTable } from './duckdb-overlay.js';
import { RESOLUTION_COLUMNS } from './duckdb-schema.js';

/** What an overlay run's derived state depends on, besides the catalogs. */
export interface OverlayRun {
  /** Catalog of the base (read-only). */
  readonly base: string;
  /** Catalog of the overlay being written. */
  readonly overlay: string;
  /**
   * The logical `files` and `calls` (base + overlay) as `SELECT`s (`logicalTables` in `duckdb-overlay.ts`), read as
   * subqueries: a view would be a statement per run and per table to create, and most runs read neither.
   */
  readonly logical: { readonly files: string; readonly calls: string };
  /** The symbols this run removed (the base's and the previous overlay's rows of its paths). */
  readonly gone: readonly RunSymbol[];
  /** The symbols this run added. */
  readonly added: readonly RunSymbol[];
  /**
   * Paths whose symbols took their handles back with every resolution input equal: their removed and added symbols
   * are the same to the resolver, so they touch no key.
   */
  readonly unchanged: ReadonlySet<string>;
  /**
   * Each hint of the re-analysed files' previous edges with the target it had before the run. A hint the run does not
   * make stale keeps that answer, so the run's own edges with it need no resolution.
   */
  readonly answered: ReadonlyMap<string, number | null>;
  /**
   * `(caller, target)` of each resolved call the re-analysed and deleted files had before the run (as readers saw it).
   */
  readonly removedCalls: readonly (readonly [number, number])[];
  /** First file handle of this run: files at or above it (and their rows) are the run's. */
  readonly firstFileId: number;
  /** The run's own edges, held back by the writer until their targets are known. */
  readonly ownEdges: OwnEdges;
}

/**
 * The run's own edges (`calls`, `refs` of its files), which the writer appends only once the derived step knows their
 * targets: resolved before they are appended, they need no `UPDATE` and no read back (issue 12 ledger, session 24).
 */
export interface OwnEdges {
  /**
   * Each of the run's edges that has a hint.
   *
   * @returns Per edge: whether it is a call, its caller (calls; `null` for references), its hint.
   */
  hinted(): [boolean, number | null, string][];
  /**
   * Append the run's edges to the overlay (once per run; every later statement sees them).
   *
   * @param targets - Each hint's target (`null`: none); a hint it does not hold gets none. `null`: every edge is
   *   appended without a target, for set-based resolution.
   */
  load(targets: ReadonlyMap<string, number | null> | null): Promise<void>;
}

/** A symbol a run removed or added, with its file's path. */
export interface RunSymbol {
  readonly path: string;
  readonly name: string;
  readonly qualifiedName: string;
}

/** The SQL a derivation needs: run statements, read one result. */
export interface SqlSession {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<unknown[][]>;
}

/**
 * Levels of symbol lookups: the hints' keys (plain candidates, callees, members, the modules they name), then the
 * slot-type keys of what they find (the types a callee's slots name, the modules and names a barrel re-exports). A slot
 * type's heritage needs no third level: the resolution reads it from the type's own slot types and answers
 * `Base.member`, whose key is the member's. A chain of barrels does (rule 1c): each further level follows the export
 * tables of the modules found, one per hop.
 */
const SCOPE_LEVELS = 1 + EXPORT_HOPS;

/**
 * Bring an overlay's derived state up to date after a run. Overlay edges get their target inline; a re-resolved base
 * edge gets a row in `<edge>_target` exactly when its target differs from the one stored in the base. Metrics are
 * recounted only for the symbols whose calls changed (both endpoints of every re-resolved, added or removed call), and
 * `metrics` receives those whose metrics differ from the base's.
 *
 * @param db - The write session's connection, inside the run's transaction.
 * @param run - Catalogs and the run's first handles.
 */
export async function rebuildOverlayDerived(db: SqlSession, run: OverlayRun): Promise<void> {
  const { base, overlay } = run;
  const column = async (sql: string): Promise<string[]> => (await db.rows(sql)).map((row) => String(row[0]));
  // The touched keys, computed here from the rows the writer already holds (a statement per run saved).
  const touchedKeys = new Set<string>();
  for (const symbol of [...run.gone, ...run.added]) {
    if (run.unchanged.has(symbol.path)) continue;
    for (const key of symbolKeys(symbol.name, symbol.qualifiedName)) touchedKeys.add(key);
  }
  const touched = [...touchedKeys];
  const overlayHolders = `SELECT qualified_name, name FROM ${overlay}.symbols s
     WHERE s.slot_types IS NOT NULL AND list_has_any(${literalList(touched)}, ${slotKeysExpr('s.slot_types')})`;
  const holders =
    touched.length === 0
      ? []
      : await column(
          [
            `SELECT holder FROM ${base}.slot_keys WHERE key IN ${sqlStringList(touched)}`,
            `SELECT key FROM (${symbolKeysSql(`(${overlayHolders})`, [])})`,
          ].join(' UNION '),
        );
  const keys = new Set([...touched, ...holders]);
  // A chain of barrels: a module whose export table names an affected key is affected in turn (rule 1c). Each round
  // looks up only the keys the previous one added: a module holding an older key was found then (the touched keys'
  // module holders are among `holders`, which the first lookup found among all holders), so no lookup is needed when
  // the holders add nothing to the touched keys (a new name nobody's slot types mention).
  let frontier = holders.filter((key) => !touchedKeys.has(key));
  for (let round = 1; round < EXPORT_HOPS && frontier.length > 0; round++) {
    const list = sqlStringList(frontier);
    const overlayBarrels = `SELECT qualified_name, name FROM ${overlay}.symbols s
       WHERE s.kind = 'module' AND s.slot_types IS NOT NULL
         AND list_has_any(${literalList(frontier)}, ${slotKeysExpr('s.slot_types')})`;
    frontier = [];
    for (const key of await column(
      `SELECT holder FROM ${base}.slot_keys WHERE key IN ${list} AND holder IN (
         SELECT key FROM ${base}.symbol_keys WHERE kind = 'module' AND slot_types IS NOT NULL)
       UNION SELECT key FROM (${symbolKeysSql(`(${overlayBarrels})`, [])})`,
    )) {
      if (!keys.has(key)) frontier.push(key);
      keys.add(key);
    }
  }
  // The overlay's own key rows (this run's and the carried ones) cover its edges. Above a few hundred stale hints the
  // set-based filters read them from a table `stale` (`staleFilter`); below, no table is written.
  let stale: string[] = [];
  let staleTable = false;
  if (keys.size > 0) {
    const list = sqlStringList([...keys]);
    const staleSelect = [base, overlay]
      .map((catalog) => `SELECT hint FROM ${catalog}.hint_keys WHERE key IN ${list}`)
      .join(' UNION ');
    stale = await column(staleSelect);
    staleTable = stale.length > staleListLimit();
    if (staleTable) await db.run(`CREATE TABLE ${overlay}.stale AS ${staleSelect}`);
  }
  const candidates = stale.length > 0;
  const ends = new Set<number>();
  if (candidates) {
    // Set-based: the run's own edges are resolved with the stale hints' edges, in the tables.
    await run.ownEdges.load(null);
    await db.run(pairsSql(run, stale).join(';\n'));
    const pairHints = await column(`SELECT DISTINCT hint FROM ${overlay}.pairs WHERE hint IS NOT NULL`);
    const answers = await answerHints(db, run, pairHints, new Set(stale));
    await db.run(resolveSql(run, answers).join(';\n'));
    const added = await db.rows(
      `SELECT caller_id, target_id FROM ${overlay}.calls WHERE file_id >= ${validHandle(run.firstFileId)} AND target_id IS NOT NULL`,
    );
    for (const end of changedPairEnds(
      run.removedCalls,
      added.map(([c, t]) => [Number(c), Number(t)] as const),
    )) {
      ends.add(end);
    }
    for (const id of await column(`SELECT DISTINCT id FROM ${overlay}.affected WHERE id IS NOT NULL`)) {
      ends.add(Number(id));
    }
  } else {
    for (const end of await resolveOwnEdges(db, run)) ends.add(end);
  }
  const statements =
    ends.size > 0
      ? metricsSql(
          run,
          [...ends].sort((a, b) => a - b),
        )
      : [];
  if (candidates) statements.push(`DROP TABLE ${overlay}.affected`);
  if (staleTable) statements.push(`DROP TABLE ${overlay}.stale`);
  if (statements.length > 0) await db.run(statements.join(';\n'));
}

/**
 * Each distinct hint with its answer: a hint no affected key names keeps the answer it had before the run (the
 * re-analysed files' previous edges); the others are resolved against the symbols that can answer them.
 *
 * @param db - The session.
 * @param run - The run.
 * @param hints - Distinct hints to answer.
 * @param stale - The stale hints.
 * @returns Each hint with its target (`null`: none), in the order given.
 */
async function answerHints(
  db: SqlSession,
  run: OverlayRun,
  hints: readonly string[],
  stale: ReadonlySet<string>,
): Promise<[string, number | null][]> {
  const unknown = hints.filter((hint) => stale.has(hint) || !run.answered.has(hint));
  const resolve = createResolver(await scopeSymbols(db, run, unknown));
  const fresh = new Set(unknown);
  return hints.map((hint) => [hint, fresh.has(hint) ? resolve(hint) : run.answered.get(hint)!]);
}

/**
 * Resolution when no stored hint is stale (the usual one-file edit): only the run's own edges need targets. The writer
 * still holds them (`OwnEdges`): their hints are answered and the edges appended with their targets, so no statement
 * reads them back or updates them (an `UPDATE … FROM (VALUES …)` per edge table and a read of the hints cost ~3–4 ms
 * of DuckDB CPU per run; session 24). The resolved calls are known from the answers, so their pairs need no read back.
 *
 * @param db - The session.
 * @param run - The run.
 * @returns The ends of every `(caller, target)` pair the run's files gained or lost (possibly repeated): the symbols
 *   whose metrics are recounted.
 */
async function resolveOwnEdges(db: SqlSession, run: OverlayRun): Promise<number[]> {
  const rows = run.ownEdges.hinted();
  const hints = [...new Set(rows.map((row) => row[2]))];
  const answers = new Map(await answerHints(db, run, hints, new Set()));
  await run.ownEdges.load(answers);
  const added: (readonly [number, number])[] = [];
  for (const [isCall, caller, hint] of rows) {
    const target = answers.get(hint);
    if (isCall && caller !== null && target !== null && target !== undefined) added.push([caller, target]);
  }
  return changedPairEnds(run.removedCalls, added);
}

/**
 * A DuckDB list literal of strings.
 *
 * @param values - The strings.
 * @returns `['a', 'b']` (`[]::VARCHAR[]` when empty).
 */
function literalList(values: readonly string[]): string {
  return values.length === 0 ? '[]::VARCHAR[]' : `[${sqlStringList(values).slice(1, -1)}]`;
}

/**
 * SQL of `slotTypeKeys` (`src/core/resolution-keys.ts`) over a slot types expression: the keys of its `;`, `=` and
 * `,`-separated pieces.
 *
 * @param slotTypes - SQL text expression.
 * @returns A `VARCHAR[]` expression.
 */
function slotKeysExpr(slotTypes: string): string {
  const pieces = `list_filter(regexp_split_to_array(${slotTypes}, '[;=,]'), p -> p <> '')`;
  // The module part of a piece (`modulePart` in `src/core/module-exports.ts`: up to the first `.` after the last `/`).
  const modules = `list_filter(list_transform(list_filter(${pieces},
      p -> NOT contains(p, '*') AND NOT contains(p, '~') AND regexp_matches(p, ${MODULE_PART})),
    p -> regexp_extract(p, ${MODULE_PART}, 1)), m -> m <> '')`;
  return `list_concat(list_transform(${pieces}, p -> ${keyOf('p')}), ${modules})`;
}

/**
 * Statements that create the candidate base edges (`candidates_<table>`: the visible base edges whose hint is
 * stale), `pairs` (the distinct `(hint, text)` pairs to resolve, the run's own edges and the overlay's edges with a
 * stale hint included) and `affected` (symbols whose metrics are recounted).
 *
 * @param run - The run.
 * @param stale - The stored hints (base and overlay) with an affected key (at least one).
 * @returns Statements to run in order.
 */
function pairsSql(run: OverlayRun, stale: readonly string[]): string[] {
  const { base, overlay } = run;
  const fileId = validHandle(run.firstFileId);
  const owner = (table: EdgeTable): string => (table === 'calls' ? 'caller_id' : 'owner_id');
  const isStale = staleFilter(overlay, stale);
  const findCandidates = (table: EdgeTable): string =>
    `CREATE TABLE ${overlay}.candidates_${table} AS
     SELECT file_id, ordinal, ${owner(table)} AS owner, target_id AS stored, target_hint AS hint,
       ${EDGE_TEXT[table]} AS text
     FROM ${base}.${table}
     WHERE ${isStale}
       AND file_id NOT IN (SELECT id FROM ${overlay}.removed_files)`;
  const allPairs = (['calls', 'refs'] as const)
    .flatMap((table) => [
      `SELECT hint, text FROM ${overlay}.candidates_${table}`,
      `SELECT target_hint AS hint, ${EDGE_TEXT[table]} AS text FROM ${overlay}.${table}
       WHERE ${isStale} OR file_id >= ${fileId}`,
    ])
    .join('\n    UNION ');
  return [
    `CREATE TABLE ${overlay}.affected (id INTEGER)`,
    findCandidates('calls'),
    findCandidates('refs'),
    `CREATE TABLE ${overlay}.pairs AS ${allPairs}`,
  ];
}

/**
 * Above this many stale hints, edges are matched against the table `stale` (a hash semi-join over the edge table's
 * hint column) rather than a literal list. A literal list lets DuckDB answer a few hints from the `target_hint` ART
 * index, but past a few thousand matching rows it scans the column with a hash join against the list anyway, and the
 * statement text to parse and bind grows with the list (SymPy's 270 KB `utility_function.py`: 1.2k hints, 85 KB per
 * statement, three statements). `$CODIRA_DUCKDB_STALE_LIST` overrides it (tests use it to force either path).
 *
 * @returns The limit.
 */
function staleListLimit(): number {
  const override = process.env['CODIRA_DUCKDB_STALE_LIST'];
  if (override !== undefined && override !== '' && Number.isInteger(Number(override))) return Number(override);
  return 256;
}

/**
 * SQL filter of the edges whose `target_hint` is stale: the same rows whichever form it takes.
 *
 * @param overlay - Catalog of the overlay (holding the table `stale` when there are stale hints).
 * @param stale - The stale hints (the rows of `stale`).
 * @returns A boolean SQL expression over `target_hint`.
 */
function staleFilter(overlay: string, stale: readonly string[]): string {
  if (stale.length === 0) return 'false';
  return stale.length > staleListLimit()
    ? `target_hint IN (SELECT hint FROM ${overlay}.stale)`
    : `target_hint IN ${sqlStringList(stale)}`;
}

/**
 * The visible symbols that can answer the pairs' hints (those with one of the hints' keys, then with one of the
 * slot-type keys of what was found, {@link SCOPE_LEVELS} levels in all), with their files' paths: the scope the
 * reference resolver answers the hints from.
 *
 * @param db - The session.
 * @param run - The run.
 * @param hints - The pairs' distinct hints.
 * @returns The symbols.
 */
async function scopeSymbols(db: SqlSession, run: OverlayRun, hints: readonly string[]): Promise<ResolvableSymbol[]> {
  const { base, overlay, logical } = run;
  const columns = RESOLUTION_COLUMNS.join(', ');
  // The base's rows come from its `symbol_keys` (an index lookup); the overlay's few symbols are read directly.
  const matching = (keys: readonly string[], select: string): string => {
    const list = sqlStringList(keys);
    return `SELECT ${select} FROM ${base}.symbol_keys
         WHERE key IN ${list} AND file_id NOT IN (SELECT id FROM ${overlay}.removed_files)
       UNION ALL SELECT ${select} FROM ${overlay}.symbols WHERE name IN ${list} OR ${keyOf('qualified_name')} IN ${list}`;
  };
  const seen = new Set<string>();
  let level = [...new Set(hints.flatMap(hintKeys))];
  for (let depth = 0; depth < SCOPE_LEVELS && level.length > 0; depth++) {
    for (const key of level) seen.add(key);
    if (depth === SCOPE_LEVELS - 1) break;
    const next = new Set<string>();
    for (const [slotTypes, kind] of await db.rows(matching(level, 'slot_types, kind'))) {
      // Past the callees' slots, only export tables lead further (a chain of barrels).
      if (typeof slotTypes !== 'string' || (depth > 0 && kind !== 'module')) continue;
      for (const key of slotTypeKeys(slotTypes)) if (!seen.has(key)) next.add(key);
    }
    level = [...next];
  }
  if (seen.size === 0) return [];
  const rows = await db.rows(
    `SELECT s.id, s.name, s.qualified_name, s.kind, s.slot_types, f.path, s.start_line
     FROM (SELECT DISTINCT ${columns} FROM (${matching([...seen], columns)})) s JOIN (${logical.files}) f ON f.id = s.file_id`,
  );
  return rows.map(([id, name, qualifiedName, kind, slotTypes, path, startLine]) => ({
    id: Number(id),
    name: String(name),
    qualifiedName: String(qualifiedName),
    kind: String(kind) as SymbolKind,
    slotTypes: typeof slotTypes === 'string' ? slotTypes : undefined,
    path: String(path),
    startLine: Number(startLine),
  }));
}

/**
 * Statements that store the pairs' resolution (each hint's answer, computed in JavaScript) and re-target the
 * overlay's and the candidate base edges, adding the endpoints of every changed call to `affected` (a run with stale
 * hints; without, {@link resolveOwnEdges}).
 *
 * @param run - The run.
 * @param answers - Each distinct hint of the pairs with its target (`null`: none).
 * @returns Statements to run in order.
 */
function resolveSql(run: OverlayRun, answers: readonly (readonly [string, number | null])[]): string[] {
  const { overlay } = run;
  const values = answers.map(([hint, id]) => `(${sqlString(hint)}, ${id === null ? 'NULL' : validHandle(id)})`);
  const answered =
    values.length === 0
      ? '(SELECT NULL::VARCHAR AS hint, NULL::INTEGER AS target_id WHERE false) AS a'
      : `(VALUES ${values.join(', ')}) AS a(hint, target_id)`;
  const affected = `${overlay}.affected`;
  const resolution = `${overlay}.resolution`;
  // Both endpoints of the overlay's calls that the resolution covers (before and after their update).
  const overlayCallEnds = `INSERT INTO ${affected}
     SELECT unnest([c.caller_id, c.target_id]) FROM ${overlay}.calls c
     JOIN ${resolution} r ON r.hint IS NOT DISTINCT FROM c.target_hint AND r.text = c.callee_text`;
  const retarget = (table: EdgeTable): string[] => {
    const scratch = `${overlay}.retargeted_${table}`;
    return [
      `CREATE TABLE ${scratch} AS
       SELECT c.file_id, c.ordinal, c.owner, c.stored, p.target_id AS previous, r.target_id AS resolved
       FROM ${overlay}.candidates_${table} c
       JOIN ${resolution} r ON r.hint IS NOT DISTINCT FROM c.hint AND r.text = c.text
       LEFT JOIN ${overlay}.${table}_target p ON p.file_id = c.file_id AND p.ordinal = c.ordinal`,
      ...(table === 'calls'
        ? [
            `INSERT INTO ${affected} SELECT unnest([owner, stored, previous, resolved]) FROM ${scratch}
             WHERE coalesce(previous, stored) IS DISTINCT FROM resolved`,
          ]
        : []),
      `DELETE FROM ${overlay}.${table}_target t
       WHERE EXISTS (SELECT 1 FROM ${scratch} x WHERE x.file_id = t.file_id AND x.ordinal = t.ordinal)`,
      `INSERT INTO ${overlay}.${table}_target SELECT file_id, ordinal, resolved FROM ${scratch}
       WHERE stored IS DISTINCT FROM resolved`,
      `DROP TABLE ${scratch}`,
      `DROP TABLE ${overlay}.candidates_${table}`,
    ];
  };
  // The previous overlay's carried edges may change target too: both ends, before and after.
  return [
    `CREATE TABLE ${resolution} AS
     SELECT p.hint, p.text, a.target_id FROM ${overlay}.pairs p LEFT JOIN ${answered} ON a.hint = p.hint`,
    overlayCallEnds,
    resolveEdgesSql('calls', `${overlay}.calls`, resolution),
    resolveEdgesSql('refs', `${overlay}.refs`, resolution),
    overlayCallEnds,
    ...retarget('calls'),
    ...retarget('refs'),
    `DROP TABLE ${resolution}`,
    `DROP TABLE ${overlay}.pairs`,
  ];
}

/**
 * Above this many affected symbols, their calls are found in one pass over the calls rather than by index lookups
 * (measured on SymPy's index: 11k symbols, 216 ms by lookups and 105 ms in one pass; the pass costs about the same
 * whatever the count, the lookups grow with it). `$CODIRA_DUCKDB_METRICS_LOOKUPS` overrides it (tests use it to force
 * either path).
 *
 * @returns The limit.
 */
function metricsLookups(): number {
  const override = process.env['CODIRA_DUCKDB_METRICS_LOOKUPS'];
  if (override !== undefined && override !== '' && Number.isInteger(Number(override))) return Number(override);
  return 4096;
}

/**
 * Statements that recount the metrics of the affected symbols and store those that differ from the base's.
 *
 * @param run - The run.
 * @param affected - Handles of the symbols whose calls changed (at least one, each once).
 * @returns Statements to run in order.
 */
function metricsSql(run: OverlayRun, affected: readonly number[]): string[] {
  const { base, overlay, logical } = run;
  const calls = `(${logical.calls})`;
  const next = `${overlay}.next_metrics`;
  const same = ['fan_in', 'fan_out'].map((column) => `n.${column} = t.${column}`).join(' AND ');
  const ids = `(${affected.map(validHandle).join(', ')})`;
  // Few symbols: two filters, not one `OR`, each reaching the base edge table's index on its column. Many (a large
  // file re-analyzed: SymPy's 270 KB `utility_function.py` gives 11k): one pass over the calls against the list `a`,
  // at about half the cost of that many index lookups (issue 14's ledger, session 17).
  const resolvedCalls =
    affected.length > metricsLookups()
      ? `SELECT DISTINCT caller_id, target_id FROM ${calls}
         WHERE target_id IS NOT NULL AND (target_id IN (SELECT id FROM a) OR caller_id IN (SELECT id FROM a))`
      : `SELECT DISTINCT caller_id, target_id FROM (
           SELECT caller_id, target_id FROM ${calls} WHERE target_id IN ${ids}
           UNION ALL SELECT caller_id, target_id FROM ${calls} WHERE caller_id IN ${ids})
         WHERE target_id IS NOT NULL`;
  return [
    `CREATE TABLE ${next} AS
     WITH a AS (SELECT unnest([${affected.map(validHandle).join(', ')}]) AS id), resolved AS (${resolvedCalls})
     SELECT a.id AS symbol_id, coalesce(fi.n, 0)::INTEGER AS fan_in, coalesce(fo.n, 0)::INTEGER AS fan_out FROM a
     LEFT JOIN (SELECT target_id AS id, count(*) AS n FROM resolved GROUP BY target_id) fi ON fi.id = a.id
     LEFT JOIN (SELECT caller_id AS id, count(*) AS n FROM resolved GROUP BY caller_id) fo ON fo.id = a.id`,
    `DELETE FROM ${overlay}.metrics WHERE symbol_id IN (SELECT symbol_id FROM ${next})`,
    // A row where the metrics differ from the base's; `(0, 0)` hides a base row, and is not needed without one.
    `INSERT INTO ${overlay}.metrics SELECT n.* FROM ${next} n
     LEFT JOIN ${base}.metrics t ON t.symbol_id = n.symbol_id
     WHERE CASE WHEN t.symbol_id IS NULL THEN n.fan_in <> 0 OR n.fan_out <> 0 ELSE NOT (${same}) END`,
    `DROP TABLE ${next}`,
  ];
}

/**
 * The ends of every `(caller, target)` pair in one list and not the other.
 *
 * @param before - Pairs before the run.
 * @param after - Pairs after it.
 * @returns Handles, possibly repeated.
 */
function changedPairEnds(
  before: readonly (readonly [number, number])[],
  after: readonly (readonly [number, number])[],
): number[] {
  const key = ([caller, target]: readonly [number, number]): string => `${caller} ${target}`;
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  const ends: number[] = [];
  for (const pair of before) if (!now.has(key(pair))) ends.push(pair[0], pair[1]);
  for (const pair of after) if (!old.has(key(pair))) ends.push(pair[0], pair[1]);
  return ends;
}
