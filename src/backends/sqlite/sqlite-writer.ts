/**
 * The SQLite write session.
 *
 * Full run: build a fresh database in a staged temporary file beside the active one (`../publish.ts`; journal off, no
 * fsyncs: nobody can see it yet), bulk insert in one transaction, create secondary indexes after the load, resolve
 * derived state with set-based SQL, commit, and publish it over `index.sqlite` (fsync, atomic rename), so a reader
 * holds the old or the new file, never a half-built one.
 *
 * Incremental run: one `BEGIN IMMEDIATE` transaction on the active file: delete the rows of changed and deleted
 * paths, insert the re-analysed files, re-resolve only affected edges, write the inventory, commit. No savepoints:
 * a failed file is never inserted in the first place, so there is nothing to roll back per file.
 *
 * Journal mode of the committed file: the default rollback journal (`DELETE`). With full runs swapped in by rename,
 * WAL would buy only concurrent reads during an incremental commit, at the cost of `-wal`/`-shm` sidecars that a
 * rename cannot replace atomically and that read-only openers may have to create or write; with a rollback journal
 * a reader opens one file, read-only, and never modifies it.
 *
 * @packageDocumentation
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { WriteSession, CommitInfo, IndexSessionOptions } from '../../core/contracts.js';
import { collectAbove } from '../../core/full-collection.js';
import { CONTRACT_VERSION, type AnalyzedFile, type FailedFile } from '../../core/model.js';
import { StagedFile } from '../publish.js';
import { singleFileIdentity } from '../store-identity.js';
import { INCREMENTAL_TEMP_TABLES, rebuildFull, rebuildIncremental } from './sqlite-derived.js';
import { SqliteRowWriter, type SymbolBlock } from './sqlite-bulk-load.js';
import { SqliteKeyWriter, type RemovedSymbol } from './sqlite-resolution-keys.js';
import {
  META_KEYS,
  SQLITE_EDGE_INDEXES,
  SQLITE_INDEX_FILE,
  SQLITE_SCHEMA_VERSION,
  SQLITE_SYMBOL_INDEXES,
  SQLITE_TABLES,
  checkStoredVersion,
  unavailableFrom,
} from './sqlite-schema.js';
import { openSqliteDatabase } from './sqlite-native.js';

/** Page cache for an incremental run: large enough that a big repository's B-trees stay in memory while it edits them. */
const WRITER_CACHE_KIB = 256 * 1024;

/**
 * Page cache of a full run, which appends rows to tables without secondary indexes and builds those at the end with
 * sorts that spill to temporary files (`temp_store = FILE`): a bigger cache only made this process grow with the
 * repository (sympy ×4: 686 MB) while the operating system's page cache holds the same pages anyway.
 */
const FULL_RUN_CACHE_KIB = 32 * 1024;

/**
 * A full run's load collects the JavaScript heap after a batch when the heap and the array buffers together hold more
 * than this. A persisted batch's decoded outcomes and the analysis hosts' serialized outcomes are garbage then, but V8
 * collected them only as its heap limit grew: in a SymPy full index the main process's heap and array buffers crested
 * at ~190–200 MiB at both scales with ~25–35 MiB live, and at four times SymPy that made the main process the highest
 * process of the run (issue 12, sessions 21–22). With the bound the crest is ~125 MiB; a SymPy run collects twice here
 * (~20–40 ms each), a small repository never. The DuckDB writer bounds its load the same way (`LOAD_HEAP_BOUND`).
 */
export const SQLITE_LOAD_HEAP_BOUND = 96 * 1024 * 1024;

/** 8 KiB pages measured ~7% smaller files and faster bulk inserts than the 4 KiB default on this data. */
const PAGE_SIZE = 8192;

type State = 'new' | 'open' | 'committed' | 'aborted';

/** The single write session of one index run. */
export class SqliteWriteSession implements WriteSession {
  private readonly options: IndexSessionOptions;
  private readonly activeFile: string;
  /** The full run's new database; unused by incremental runs, which write the active file in one transaction. */
  private readonly staged: StagedFile;
  private db: Database.Database | null = null;
  private rows: SqliteRowWriter | null = null;
  private keys: SqliteKeyWriter | null = null;
  private state: State = 'new';
  private derivedFresh = false;
  /** Full runs create secondary indexes in the first `rebuildDerived`. */
  private indexesBuilt = false;

  /**
   * @param options - The run's mode, path sets, location and inventory.
   */
  constructor(options: IndexSessionOptions) {
    this.options = options;
    this.activeFile = join(options.location.stateDir, SQLITE_INDEX_FILE);
    this.staged = new StagedFile(this.activeFile);
  }

  private get full(): boolean {
    return this.options.mode === 'full';
  }

  private connection(): Database.Database {
    if (this.state !== 'open' || this.db === null) throw new Error(`sqlite write session is ${this.state}, not open`);
    return this.db;
  }

  /** Create the temp database (full) or open the active one and delete the run's stale rows (incremental). */
  async prepare(): Promise<void> {
    if (this.state !== 'new') throw new Error(`sqlite write session already ${this.state}`);
    // Incremental runs publish nothing, but they still clear the temporaries of crashed full runs.
    await this.staged.prepare();
    const db = this.full ? this.createTempDatabase() : this.openActiveDatabase();
    this.db = db;
    this.state = 'open';
    if (!this.full) {
      db.exec('BEGIN IMMEDIATE');
      // Ids are allocated before deleting, so a new block of handles never reuses a removed one; a changed file whose
      // symbols are the same sequence may take its own block back, and grow it at its end when it is the highest
      // (`offerBlocks`, `firstHandle`).
      this.rows = new SqliteRowWriter(db, this.options.meta.embedder.dimension, true);
      this.keys = new SqliteKeyWriter(db, true);
      this.deleteRunPaths(db);
    } else {
      db.exec('BEGIN');
      this.rows = new SqliteRowWriter(db, this.options.meta.embedder.dimension, false);
      this.keys = new SqliteKeyWriter(db, false);
    }
  }

  private createTempDatabase(): Database.Database {
    const db = openSqliteDatabase(this.staged.tempPath);
    // Safe only because nothing reads this file before it is complete, fsynced and renamed into place.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('temp_store = FILE');
    db.pragma(`cache_size = -${FULL_RUN_CACHE_KIB}`);
    db.exec(SQLITE_TABLES);
    return db;
  }

  private openActiveDatabase(): Database.Database {
    let db: Database.Database | null = null;
    try {
      db = openSqliteDatabase(this.activeFile, { fileMustExist: true });
      checkStoredVersion(db, this.activeFile);
    } catch (error) {
      db?.close();
      throw unavailableFrom(error, this.activeFile);
    }
    db.pragma('temp_store = MEMORY');
    db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
    return db;
  }

  /**
   * Delete every row owned by a changed or deleted path, remembering for the metrics the targets of removed calls
   * (with their removed callers) and the removed symbols (their metrics rows stay until the derived step).
   *
   * @param db - The run's connection, inside its transaction.
   */
  private deleteRunPaths(db: Database.Database): void {
    const { changed, deleted } = this.options.paths;
    db.exec(`${INCREMENTAL_TEMP_TABLES}
      CREATE TEMP TABLE run_paths (path TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TEMP TABLE gone_files (id INTEGER PRIMARY KEY);
      CREATE TEMP TABLE gone_symbols (id INTEGER PRIMARY KEY);`);
    db.prepare('INSERT OR IGNORE INTO temp.run_paths SELECT value FROM json_each(?)').run(
      JSON.stringify([...changed, ...deleted]),
    );
    db.exec(`
      INSERT INTO temp.gone_files SELECT id FROM files WHERE path IN (SELECT path FROM temp.run_paths);
      INSERT INTO temp.gone_symbols SELECT id FROM symbols WHERE file_id IN (SELECT id FROM temp.gone_files);`);
    const gone = db
      .prepare(
        // CROSS JOIN keeps this a walk of the removed handles: ordered by `s.id`, the planner scanned every symbol.
        `SELECT f.path, s.id, s.name, s.qualified_name, s.kind, s.start_line, s.slot_types FROM temp.gone_symbols g
         CROSS JOIN symbols s ON s.id = g.id CROSS JOIN files f ON f.id = s.file_id ORDER BY g.id`,
      )
      .raw()
      .all() as [string, number, string, string, string, number, string | null][];
    const goneSymbols = gone.map(([, id, name, qualifiedName, kind, startLine, slotTypes]): RemovedSymbol => ({
      id,
      name,
      qualifiedName,
      kind,
      startLine,
      slotTypes,
    }));
    this.rows!.offerBlocks(reusableBlocks(gone));
    this.rows!.removeFiles(db.prepare('SELECT id FROM temp.gone_files').pluck().all() as number[]);
    // Each hint of a removed edge with its target (every edge of a hint has the same one after a commit).
    const priorTargets = (table: string, owner: string): Map<string, number | null> =>
      new Map(
        db
          .prepare(
            `SELECT target_hint, max(target_id) FROM ${table}
             WHERE ${owner} IN (SELECT id FROM temp.gone_symbols) AND target_hint IS NOT NULL GROUP BY target_hint`,
          )
          .raw()
          .all() as [string, number | null][],
      );
    const prior = { calls: priorTargets('calls', 'caller_id'), refs: priorTargets('refs', 'owner_id') };
    this.rows!.offerTargets(prior);
    this.keys!.remove(goneSymbols, [...new Set([...prior.calls.keys(), ...prior.refs.keys()])]);
    db.exec(`
      INSERT INTO temp.gone_in SELECT target_id, count(DISTINCT caller_id) FROM calls
        WHERE caller_id IN (SELECT id FROM temp.gone_symbols) AND target_id IS NOT NULL GROUP BY target_id;
      INSERT OR IGNORE INTO temp.affected SELECT id FROM temp.gone_in;
      INSERT OR IGNORE INTO temp.affected SELECT id FROM temp.gone_symbols;
      CREATE TEMP TABLE gone_call_owners (id INTEGER PRIMARY KEY);
      INSERT INTO temp.gone_call_owners SELECT id FROM temp.gone_symbols;
      DELETE FROM refs WHERE owner_id IN (SELECT id FROM temp.gone_symbols);
      DELETE FROM field_words WHERE file_id IN (SELECT id FROM temp.gone_files);
      DELETE FROM field_trigrams WHERE rowid IN (SELECT id FROM temp.gone_files);
      DELETE FROM findings WHERE file_id IN (SELECT id FROM temp.gone_files);
      DELETE FROM symbols WHERE id IN (SELECT id FROM temp.gone_symbols);
      DELETE FROM files WHERE id IN (SELECT id FROM temp.gone_files);
      DELETE FROM failures WHERE path IN (SELECT path FROM temp.run_paths);
      DROP TABLE temp.run_paths; DROP TABLE temp.gone_files; DROP TABLE temp.gone_symbols;`);
  }

  /**
   * Insert one batch of analyzed files.
   *
   * @param batch - Files of this batch, in path order.
   */
  async persist(batch: readonly AnalyzedFile[]): Promise<void> {
    this.connection();
    // Derived state is rebuilt once, after every batch of the run.
    if (this.derivedFresh) throw new Error('sqlite write session: persist after rebuildDerived');
    for (const analyzed of batch) {
      this.keys!.writeFile(analyzed, this.rows!.writeFile(analyzed));
    }
    this.rows!.flush();
    this.keys!.flush();
    if (this.full) collectAbove(SQLITE_LOAD_HEAP_BOUND);
  }

  /**
   * Store the run's failures (their previous rows were already deleted in `prepare`).
   *
   * @param failures - Files that failed in this run.
   */
  async recordFailures(failures: readonly FailedFile[]): Promise<void> {
    this.connection();
    for (const failure of failures) this.rows!.writeFailure(failure);
    this.rows!.flush();
  }

  /** Full runs: build indexes around a global resolution. Incremental runs: re-resolve what the run affected. */
  async rebuildDerived(): Promise<void> {
    const db = this.connection();
    this.rows!.finish();
    if (!this.full) {
      rebuildIncremental(db, this.keys!, this.rows!.firstSymbolId, this.rows!.reusedBlocks);
    } else if (!this.indexesBuilt) {
      db.exec(SQLITE_SYMBOL_INDEXES);
      // The trigram index of every stored list in one statement (rows bound one by one from JavaScript cost ~30 %
      // more), then merged into one segment: SymPy's lookup 1.0–1.2 → 0.6–0.7 ms, for ~8 ms of a networkx full run and
      // ~60 of SymPy's. Incremental runs add their files' rows as they write them (small segments FTS5 merges as they
      // accumulate).
      db.exec(`INSERT INTO field_trigrams (rowid, words) SELECT file_id, words FROM field_words;
        INSERT INTO field_trigrams (field_trigrams) VALUES ('optimize');`);
      rebuildFull(db, () => db.exec(SQLITE_EDGE_INDEXES));
      this.indexesBuilt = true;
    } else {
      rebuildFull(db, () => undefined);
    }
    this.derivedFresh = true;
  }

  /**
   * Write the inventory, commit, and (full runs) swap the new file in.
   *
   * @returns Size of the committed index file.
   */
  async commit(): Promise<CommitInfo> {
    const db = this.connection();
    if (!this.derivedFresh) await this.rebuildDerived();
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    setMeta.run(META_KEYS.contractVersion, String(CONTRACT_VERSION));
    setMeta.run(META_KEYS.schemaVersion, SQLITE_SCHEMA_VERSION);
    setMeta.run(META_KEYS.inventory, JSON.stringify(this.options.meta));
    let identity: string | null = null;
    if (this.full) {
      db.exec('COMMIT');
      db.close();
      this.db = null;
      // A journal left by a crashed incremental run belongs to the old file; SQLite would replay it into the new one.
      identity = await this.staged.publish(['-journal']);
    } else {
      const before = dataVersion(db);
      db.exec('COMMIT');
      identity = this.committedIdentity(db, before);
      db.close();
      this.db = null;
    }
    this.state = 'committed';
    return { sizeBytes: statSync(this.activeFile).size, ...(identity === null ? {} : { identity }) };
  }

  /**
   * The identity of the file this incremental run just committed in place, if no other connection has committed
   * since: a read transaction holds off every other commit while the file is inspected, and `data_version` (which
   * changes only with other connections' commits) equal to its value inside the run's own transaction proves the
   * file still holds this run's state.
   *
   * @param db - The run's connection, after its `COMMIT`.
   * @param before - `data_version` read inside the run's transaction.
   * @returns The identity, or `null` when another run committed in between (or one is writing now).
   */
  private committedIdentity(db: Database.Database, before: number): string | null {
    db.exec('BEGIN');
    try {
      db.prepare('SELECT count(*) FROM meta').get(); // takes the shared lock: no commit can happen until the end
      return dataVersion(db) === before ? singleFileIdentity(this.activeFile, ['-journal']) : null;
    } finally {
      db.exec('COMMIT');
    }
  }

  /** Discard the run: delete the temp file (full) or roll back (incremental). */
  async abort(): Promise<void> {
    if (this.state === 'committed' || this.state === 'aborted') return;
    const db = this.db;
    this.db = null;
    this.state = 'aborted';
    if (db !== null) {
      if (db.inTransaction && !this.full) db.exec('ROLLBACK');
      db.close();
    }
    if (this.full) await this.staged.discard();
  }

  /** Release the connection; a session closed before commit is aborted. */
  async close(): Promise<void> {
    await this.abort();
  }
}

/**
 * The handle blocks of removed files that a re-analysed file may take back: per path, the first handle and the
 * `(qualified name, kind)` sequence, for files whose handles are one consecutive run (the embedding chunk entry of a
 * file addresses its vectors from its first handle).
 *
 * @param gone - `(path, id, name, qualified_name, kind, …)` of every removed symbol, by id.
 * @returns The blocks by path.
 */
function reusableBlocks(
  gone: readonly (readonly [string, number, string, string, string, ...unknown[]])[],
): Map<string, SymbolBlock> {
  const blocks = new Map<string, SymbolBlock>();
  const broken = new Set<string>();
  for (const [path, id, , qualifiedName, kind] of gone) {
    const block = blocks.get(path);
    if (block === undefined) blocks.set(path, { first: id, symbols: [`${kind} ${qualifiedName}`] });
    else if (block.first + block.symbols.length === id) block.symbols.push(`${kind} ${qualifiedName}`);
    else broken.add(path);
  }
  for (const path of broken) blocks.delete(path);
  return blocks;
}

/**
 * SQLite's `data_version` of a connection: it changes when another connection commits.
 *
 * @param db - The connection.
 * @returns The value.
 */
function dataVersion(db: Database.Database): number {
  return db.pragma('data_version', { simple: true }) as number;
}
