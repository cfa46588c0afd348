/**
 * The DuckDB write session.
 *
 * Every run writes into a staged temporary file beside the active files and publishes it with one atomic `rename`
 * (`../publish.ts`), so a reader (which opens the active files read-only) sees the old or the new index and never
 * meets a write lock:
 *
 * - Full: a new base file gets empty tables; the batches go straight into the index tables, committed every
 *   {@link FULL_COMMIT_ROWS} rows (the file is private until published, so the load need not be one transaction), and
 *   the derived tables in the last transaction; `commit` commits, builds the indexes, checkpoints, measures, renames,
 *   and removes the now stale overlay.
 * - Incremental (`overlay`, the usual case): the base is attached read-only and a new overlay file
 *   (`duckdb-overlay.ts`) receives the previous overlay's rows that stay, the run's batches, and the derived state's
 *   difference from the base. Its cost follows the change, not the index.
 * - Incremental (`compact`, when the overlay would outgrow its limit): a copy of the base is attached; one transaction
 *   deletes every path the overlay or the run touched, copies the overlay's remaining rows in, receives the new
 *   batches, and applies the difference of the derived tables; it is published as a new base.
 *
 * Persisted batches go through typed Arrow batches and the appender ({@link ArrowTableLoader}); besides them a run
 * issues a fixed number of set-based statements, independent of the number of rows.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, rm, stat } from 'node:fs/promises';
import type { RecordBatch } from 'apache-arrow';
import type { CommitInfo, IndexSessionOptions, WriteSession, WriteSessionCommitOptions } from '../../core/contracts.js';
import { IndexUnavailableError } from '../../core/errors.js';
import { CONTRACT_VERSION } from '../../core/model.js';
import { collectAbove, collectGarbage } from '../../core/full-collection.js';
import { markPhase, traceEvent } from '../../core/phases.js';
import type { AnalyzedFile, FailedFile } from '../../core/model.js';
import { StagedFile } from '../publish.js';
import { ABSENT, fileIdentity } from '../store-identity.js';
import { sqlString, sqlStringList } from '../sql-text.js';
import {
  IdAllocator,
  type PreviousBlock,
  buildAnalyzedBatches,
  buildFailureBatch,
  buildPathBatch,
  edgeRows,
  resolutionInputs,
  symbolShape,
  withTargets,
} from './duckdb-arrow-batches.js';
import { ArrowTableLoader } from './duckdb-bulk-load.js';
import { NativeWriteConnection } from './duckdb-native.js';
import {
  INDEX_CATALOG,
  allocatorFlushSql,
  fullIndexesSql,
  rebuildFullDerived,
  rebuildIncrementalDerived,
  removeRunPathsSql,
  sessionOf,
  validHandle,
} from './duckdb-derived.js';
import { type RunSymbol, rebuildOverlayDerived } from './duckdb-overlay-derived.js';
import { KeyRows } from './duckdb-resolution-keys.js';
import { fileExists, logicalTables, overlayFileLimit, overlayTablesDdl } from './duckdb-overlay.js';
import {
  DUCKDB_BACKEND_VERSION,
  STORED_TABLES,
  indexFilePath,
  indexTablesDdl,
  newIndexFileOptions,
  overlayFilePath,
  pairIdentity,
  runPathsDdl,
} from './duckdb-schema.js';
import type { IndexedTable, LoadedTable } from './duckdb-schema.js';

type Phase = 'new' | 'prepared' | 'derived' | 'committed' | 'ended';

/** How a run writes: a new base, an overlay over the current base, or a compaction of both into a new base. */
type WriteMode = 'full' | 'overlay' | 'compact';

/** Catalogs of an incremental run: the read-only base, the previous overlay (if it applies), the new overlay. */
/**
 * DuckDB's buffer limit for a write session (see `prepare`). Measured on a SymPy-sized full index: the main process
 * peaked at 606–616 MB with the default (80 % of RAM) and 415–481 MB with this limit; 128 MB was no lower (what remains
 * at the peak is the derived step's memory outside the buffer pool and the allocator's), so the limit is not tighter.
 */
const WRITER_MEMORY_LIMIT = '256MB';

/**
 * DuckDB's buffer limit for a full run's load and derived step; its index builds get {@link WRITER_MEMORY_LIMIT} back.
 * The buffer pool keeps the blocks a run has written until it reaches its limit, so once a repository's index outgrows
 * the limit the pool sits at the limit: SymPy's index (80 MB) never filled 256 MB, but four copies of it (316 MB) did,
 * and the main process then peaked at 508–555 MiB against ~330 at 1 × (session 20, s20-hint: one statement writing
 * SymPy × 4's symbols table peaked +156 / +171 / +204 / +309 MiB over its start under a 96 / 128 / 160 / 256 MB
 * limit). Eviction is not free: the load's checkpoints then read back committed blocks (SymPy × 4: CPU +4–7 % with
 * 160 MB, no cost at 1 ×; 128 MB made one in-load commit take 17 s), so the limit is not lower. An ART index cannot be
 * evicted while it is built (a 16 MB limit failed the build of a × 4 index with an out-of-memory error), so the
 * builds run under the larger limit.
 */
const FULL_LOAD_MEMORY_LIMIT = '160MB';

/**
 * A full run commits its load every this many appended rows (all tables together; the environment variable
 * `CODIRA_DUCKDB_COMMIT_ROWS` overrides it). Until committed, appended rows are transaction-local storage DuckDB keeps
 * in memory, outside its buffer limit; committed rows are ordinary blocks it may write out and evict. One transaction
 * for the whole load made the main process grow with the repository (four times the SymPy corpus: 852 MiB against
 * ~440 at 1 ×); a commit per write batch bounded it but cost seconds (SymPy: 16 commits, full index 21 → 36 s in one
 * loaded sample). Half a million rows is about 3 commits on SymPy (1.1 M rows) and 9 at four times its size.
 */
export const FULL_COMMIT_ROWS = 500_000;

/**
 * DuckDB's allocator settings for a full run. DuckDB allocates through its own jemalloc, which keeps freed pages for
 * reuse: with the defaults (flush after a task only above a 128 MiB peak, no background purge) the main process of a
 * SymPy full index held ~100 MiB more than DuckDB accounted for by the end of the load. A low flush threshold and the
 * background purge thread hand them back.
 */
const FULL_RUN_ALLOCATOR = {
  allocator_flush_threshold: '8MB',
  allocator_background_threads: 'true',
} as const;

/**
 * A full run's load collects the JavaScript heap after a batch when the heap and the array buffers together hold more
 * than this: the batch's decoded outcomes and Arrow buffers are garbage then, and left to V8 they crested at 80–190
 * MiB beside DuckDB's memory (SymPy). A collection costs ~15–40 ms, so it is not run after every batch.
 */
const LOAD_HEAP_BOUND = 64 * 1024 * 1024;

/**
 * The end of a full run's load, before the derived step (which then reads committed rows and runs in its own
 * transaction). The load's last commit checkpoints the file itself (a moment's `checkpoint_threshold` of 0): DuckDB then
 * writes the committed rows into the file and skips the write-ahead log, so they are written once, compressed, instead
 * of logged and then checkpointed (networkx: the log was 17.2 MB, the checkpoint wrote 13.7 MB; issue 12, session 25,
 * s25-duckfull). If the commit did not checkpoint (its log is there), `CHECKPOINT` follows ({@link LOAD_END_CHECKPOINT}).
 * After it the automatic checkpoint is off for the rest of the run (the final `CHECKPOINT` in `commit` writes what
 * follows). Measured on SymPy in session 19 (main process, MiB): the last commit with its automatic checkpoint rose
 * 283 → 379 (the checkpoint starts while the committed transaction-local rows are still held), committed first and then
 * checkpointed on its own 275 → 306 → 312; session 25 measured the combined commit again against the later load (in-load
 * commits, allocator flushes, the layout committed first). One thread from here on (the derived step needs it, see
 * `SINGLE_THREAD` in `duckdb-derived.ts`); changing the thread count also makes DuckDB hand its allocator's cached
 * pages back to the system (−20 to −100 MiB in the traces), and so does an allocator flush after the commit
 * ({@link allocatorFlushSql}): without them the derived step started from what the commit had freed but not returned
 * (SymPy: 312 → 404 → 447 MiB; with them 293 → 382, back to 275, → 339, back to 250).
 */
const FULL_LOAD_END = [
  'SET threads = 1',
  "SET checkpoint_threshold = '0b'",
  'COMMIT',
  "SET checkpoint_threshold = '1TB'",
  ...allocatorFlushSql(1),
];

/** The load-end checkpoint, sent only when the load's last commit left its rows in the write-ahead log. */
const LOAD_END_CHECKPOINT = [`CHECKPOINT ${INDEX_CATALOG}`, ...allocatorFlushSql(1)];

/**
 * The buffer limit a full run's load sets for a moment after a commit that checkpointed, to make DuckDB drop the blocks
 * its buffer pool keeps (`dropBufferedBlocks`). After such a commit every block the pool holds is written to the file, so
 * dropping one costs nothing now and a read from the file if it is needed again (the next commit appends to the
 * tables' last row groups; the derived step reads everything once). Left alone, those blocks stay until the pool
 * reaches {@link FULL_LOAD_MEMORY_LIMIT}, which only a repository whose index outgrows the limit does: SymPy × 4's
 * pool held 41–58 MiB of written blocks through the rest of its load (`BASE_TABLE` in `duckdb_memory()`), beside the
 * next rows and the JavaScript heap, and the main process peaked at 441–445 MiB (issue 12, session 24, s24-duckmem:
 * dropped, −100 to −170 MiB of RSS at each such commit). SymPy (1 ×) never checkpoints inside its load, so nothing
 * changes there.
 */
const LOAD_EVICT_LIMIT = '16MB';

/** Key tables an overlay or a compaction carries from the previous overlay (`symbol_keys` is recomputed). */
const CARRIED_KEY_TABLES = ['hint_keys', 'slot_keys'] as const;

const BASE = 'base';
const PREVIOUS = 'previous';
const OVERLAY = 'overlay';

/**
 * Start a write session (nothing is touched until `prepare`).
 *
 * @param options - Session options from core.
 * @returns The session.
 */
export function createDuckDbWriteSession(options: IndexSessionOptions): WriteSession {
  return new DuckDbWriteSession(options);
}

class DuckDbWriteSession implements WriteSession {
  private readonly activePath: string;
  private readonly overlayPath: string;
  private staged: StagedFile;
  private writeMode: WriteMode;
  /** Catalog the run's rows are appended to. */
  private target = INDEX_CATALOG;
  /** First file and symbol handles of an overlay run. */
  private firstIds: [number, number] = [1, 1];
  /** Generation of the base this run writes (full, compact) or applies its overlay to. */
  private generation = 0;
  private readonly dimension: number;
  private connection: NativeWriteConnection | undefined;
  private ids: IdAllocator | undefined;
  private readonly loaders = new Map<LoadedTable, ArrowTableLoader>();
  /** Rows loaded per table that may get an index (decides which indexes a full run creates). */
  private readonly rows: Record<IndexedTable, number> = {
    calls: 0,
    refs: 0,
    hint_keys: 0,
    slot_keys: 0,
    symbol_keys: 0,
  };
  private readonly keyRows = new KeyRows();
  /** Rows appended since the last commit of a full run's load. */
  private uncommittedRows = 0;
  private readonly commitRows = fullCommitRows();
  /** A full run's DuckDB thread count during the load (its default, read in `prepare`), kept by allocator flushes. */
  private loadThreads = 1;
  private phase: Phase = 'new';
  /** Identity of the base an overlay run attached (`store-identity.ts`), taken before attaching it. */
  private baseIdentity: string | null = null;
  /** Overlay run: the symbols of its paths before the run, and those it added. */
  private gone: RunSymbol[] = [];
  /** The handle of each of {@link gone}'s symbols. */
  private goneIds: number[] = [];
  /** Path and resolution inputs of each removed visible symbol, by handle. */
  private readonly goneInputs = new Map<number, string>();
  /** Handles a re-analysed file kept with its path and every resolution input equal (in {@link gone}, not added). */
  private readonly kept = new Set<number>();
  private readonly added: RunSymbol[] = [];
  /** Overlay run: its edge batches, appended once the derived step knows their targets (`OwnEdges`). */
  private readonly heldEdges: { readonly calls: RecordBatch; readonly refs: RecordBatch }[] = [];
  /** Overlay run: the re-analysed files' previous blocks of handles, by path. */
  private offered = new Map<string, PreviousBlock>();
  /** Overlay run: whether the previous overlay is attached. */
  private previousAttached = false;
  /** Overlay run: the files of its paths before the run. */
  private runFiles: RunFiles = { base: [], previous: [], paths: new Map(), hidden: new Set() };

  constructor(private readonly options: IndexSessionOptions) {
    this.activePath = indexFilePath(options.location.stateDir);
    this.overlayPath = overlayFilePath(options.location.stateDir);
    this.staged = new StagedFile(this.activePath);
    this.writeMode = options.mode === 'full' ? 'full' : 'overlay';
    this.dimension = options.meta.embedder.dimension;
  }

  async prepare(): Promise<void> {
    this.expect('new', 'prepare');
    await this.staged.prepare();
    // Extensions are never needed; refusing autoload keeps a run offline and deterministic. The memory limit makes
    // DuckDB evict and spill instead of growing with the repository (its default is 80 % of RAM); the spill folder is
    // a sidecar of the run's temporary file, which DuckDB removes on close and `StagedFile` removes after a crash.
    // An incremental run issues ~100 small statements on a few hundred rows: with one thread instead of DuckDB's
    // default (one per core) a one-file run on SymPy cost ~70 ms less CPU (590 → 520 ms, the idle workers' wake-ups
    // and scheduling) and less wall time; a full run keeps its threads for the load.
    this.connection = await NativeWriteConnection.open({
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      memory_limit: this.options.mode === 'incremental' ? WRITER_MEMORY_LIMIT : FULL_LOAD_MEMORY_LIMIT,
      temp_directory: this.spillPath,
      ...(this.options.mode === 'incremental' ? { threads: '1' } : FULL_RUN_ALLOCATOR),
    });
    if (this.options.mode === 'incremental') {
      await this.prepareIncremental();
    } else {
      const file = sqlString(this.staged.tempPath);
      await this.run(`ATTACH ${file} AS ${INDEX_CATALOG} ${newIndexFileOptions()}`);
      // One commit for the whole layout: each of the eleven DDL statements on its own was a commit of the new file (a
      // WAL write and its sync); with the end of `commit` below, networkx's write session 363 → 347 ms CPU, its
      // statements' wall 3.1 → 2.3 s at load ~18 (session 22, s22-duckfull). The tables are committed before the
      // load: created inside the load's first transaction, networkx's peak read +15 MiB.
      await this.run(
        ['BEGIN TRANSACTION', ...indexTablesDdl(INDEX_CATALOG, this.dimension), 'COMMIT', 'BEGIN TRANSACTION'].join(
          ';\n',
        ),
      );
      this.loadThreads = Number((await this.readRows("SELECT current_setting('threads')"))[0]![0]);
      this.ids = new IdAllocator(1, 1);
      this.generation = newGeneration();
    }
    this.phase = 'prepared';
  }

  /** Attach the base and the previous overlay, choose overlay or compaction, and remove the run's paths. */
  private async prepareIncremental(): Promise<void> {
    // Taken before the attach: if a full run replaces the base after this, the identity names the old base and a
    // later no-op does not trust this run's snapshot.
    this.baseIdentity = fileIdentity(this.activePath);
    try {
      await this.run(`ATTACH ${sqlString(this.activePath)} AS ${BASE} (READ_ONLY)`);
    } catch (error) {
      if (!(await fileExists(this.activePath))) throw new IndexUnavailableError('missing', this.activePath);
      throw error;
    }
    const { previous, baseFiles, overlayFiles, previousFiles, previousFailures } = await this.readStoredState();
    const { changed, deleted } = this.options.paths;
    if (overlayFiles + changed.length + deleted.length > overlayFileLimit(baseFiles)) {
      // A compaction's set-based statements read the paths from a table (`removeRunPathsSql`); an overlay names its
      // few paths as a literal list instead (at most the overlay's file limit): the table's `CREATE` and appender
      // cost a one-file run ~2–4 ms of CPU (issue 12 ledger, session 24, s24-duckonefile).
      await this.run(runPathsDdl());
      const paths = ArrowTableLoader.open(this.connection!, 'run_paths');
      paths.append(buildPathBatch([...changed, ...deleted]));
      paths.close();
      await this.prepareCompaction(previous);
    } else {
      await this.prepareOverlay(previous, previousFiles, previousFailures);
    }
  }

  /**
   * A filter on the run's changed and deleted paths, as a literal list (an overlay run; see `prepareIncremental`).
   *
   * @param column - The path column.
   * @param negate - `NOT IN` instead of `IN`.
   * @returns `column IN ('a', …)`, or its negation; `false` (`true` negated) without paths.
   */
  private pathFilter(column: string, negate = false): string {
    const { changed, deleted } = this.options.paths;
    const paths = [...changed, ...deleted];
    if (paths.length === 0) return negate ? 'true' : 'false';
    return `${column} ${negate ? 'NOT IN' : 'IN'} ${sqlStringList(paths)}`;
  }

  /**
   * Check the attached base's versions, attach the previous overlay if it applies to it, and read the counts that
   * choose between an overlay and a compaction, and the handles an overlay run starts above: every stored one, the
   * previous overlay's dropped rows included (their old targets may still name them until re-resolved); the new
   * overlay's rows are copies of the previous overlay's, so the base and the previous overlay bound them.
   *
   * Usually one query ({@link readState}) reads both files' versions, the counts and the highest handles; a previous
   * overlay of another base is detached and its figures ignored. When that query fails or either file has other
   * versions, the checks run one by one, so each file's error is the one it would be alone.
   *
   * @returns Whether the previous overlay is attached, and the counts.
   */
  private async readStoredState(): Promise<StoredState> {
    const previousExists = await fileExists(this.overlayPath);
    try {
      if (previousExists) await this.run(`ATTACH ${sqlString(this.overlayPath)} AS ${PREVIOUS} (READ_ONLY)`);
      const state = await this.readState(previousExists);
      if (state !== null) return state;
    } catch {
      // Checked one by one below.
    }
    if (previousExists) await this.run(`DETACH DATABASE IF EXISTS ${PREVIOUS}`);
    this.generation = await this.checkStoredVersion(BASE, 'generation');
    const state = await this.readState(await this.attachPrevious());
    if (state === null) throw new IndexUnavailableError('version', this.activePath);
    return state;
  }

  /**
   * Read the stored state in one query: one labelled row per question, joined by `UNION ALL`. (Scalar subqueries in
   * one `SELECT` are cross-joined, and DuckDB's join order search over a dozen of them cost ~15 ms of CPU, measured:
   * `docs/process/evidence/s20-duckoverlay/state-query-probe.txt`.)
   *
   * @param previous - Whether the previous overlay is attached (detached here when it belongs to another base).
   * @returns The state, or `null` when either file has other versions (or its meta row is missing).
   */
  private async readState(previous: boolean): Promise<StoredState | null> {
    const counted = [`${BASE}.files`, `${BASE}.failures`];
    const highest = [`${BASE}.files`, `${BASE}.symbols`];
    if (previous) {
      counted.push(`${PREVIOUS}.files`, `${PREVIOUS}.failures`, `${PREVIOUS}.removed_files`);
      highest.push(`${PREVIOUS}.files`, `${PREVIOUS}.symbols`);
    }
    const rows = await this.readRows(
      [
        `SELECT '${BASE}', contract_version, layout, generation FROM ${BASE}.meta`,
        ...(previous ? [`SELECT '${PREVIOUS}', contract_version, layout, base_generation FROM ${PREVIOUS}.meta`] : []),
        ...counted.map((table) => `SELECT 'count ${table}', count(*), NULL, NULL FROM ${table}`),
        ...highest.map((table) => `SELECT 'max ${table}', coalesce(max(id), 0), NULL, NULL FROM ${table}`),
      ].join(' UNION ALL '),
    );
    const byLabel = new Map(rows.map((row) => [String(row[0]), row]));
    const current = (catalog: string): boolean => {
      const row = byLabel.get(catalog);
      return row !== undefined && Number(row[1]) === CONTRACT_VERSION && row[2] === DUCKDB_BACKEND_VERSION;
    };
    if (!current(BASE) || (previous && !current(PREVIOUS))) return null;
    const value = (label: string): number => Number(byLabel.get(label)![1]);
    const count = (table: string): number => value(`count ${table}`);
    const max = (table: string): number => value(`max ${table}`);
    this.generation = Number(byLabel.get(BASE)![3]);
    const baseFiles = count(`${BASE}.files`) + count(`${BASE}.failures`);
    if (previous && Number(byLabel.get(PREVIOUS)![3]) !== this.generation) {
      // Written for another base (a full run or a compaction published a newer one): ignored.
      await this.run(`DETACH ${PREVIOUS}`);
      previous = false;
    }
    if (!previous) {
      this.firstIds = [max(`${BASE}.files`) + 1, max(`${BASE}.symbols`) + 1];
      return { previous, baseFiles, overlayFiles: 0, previousFiles: 0, previousFailures: 0 };
    }
    const files = count(`${PREVIOUS}.files`);
    const failures = count(`${PREVIOUS}.failures`);
    this.firstIds = [
      Math.max(max(`${BASE}.files`), max(`${PREVIOUS}.files`)) + 1,
      Math.max(max(`${BASE}.symbols`), max(`${PREVIOUS}.symbols`)) + 1,
    ];
    return {
      previous,
      baseFiles,
      overlayFiles: files + failures + count(`${PREVIOUS}.removed_files`),
      previousFiles: files,
      previousFailures: failures,
    };
  }

  /**
   * Attach the previous overlay read-only if it applies to the attached base.
   *
   * @returns Whether it is attached as {@link PREVIOUS}.
   */
  private async attachPrevious(): Promise<boolean> {
    if (!(await fileExists(this.overlayPath))) return false;
    await this.run(`ATTACH ${sqlString(this.overlayPath)} AS ${PREVIOUS} (READ_ONLY)`);
    if ((await this.checkStoredVersion(PREVIOUS, 'base_generation')) === this.generation) return true;
    await this.run(`DETACH ${PREVIOUS}`);
    return false;
  }

  /**
   * Overlay run: a new overlay file keeps the previous overlay's rows of paths the run does not touch and hides the
   * base's rows of the run's paths.
   *
   * @param previous - Whether a previous overlay is attached.
   * @param previousFiles - Rows of the previous overlay's `files` (0 without one).
   * @param previousFailures - Rows of the previous overlay's `failures` (0 without one).
   */
  private async prepareOverlay(previous: boolean, previousFiles: number, previousFailures: number): Promise<void> {
    this.writeMode = 'overlay';
    this.target = OVERLAY;
    this.staged = new StagedFile(this.overlayPath);
    await this.staged.prepare();
    // The whole overlay is written in one transaction, its layout included (committed in `commit`): the file is
    // private until published, so a commit of the layout alone (a WAL write and its sync) served no reader.
    await this.run(
      [
        `ATTACH ${sqlString(this.staged.tempPath)} AS ${OVERLAY} ${newIndexFileOptions()}`,
        'BEGIN TRANSACTION',
        ...overlayTablesDdl(OVERLAY, this.dimension),
      ].join(';\n'),
    );
    await this.readRunFiles(previous);
    await this.readGone(previous);
    // Targets the run's removed calls had (in the base, the previous overlay, or re-targeted by it): their fan-in
    // is recounted.
    // When every file of the previous overlay is one of the run's paths (the usual edit loop: the same file again), no
    // file row stays, and so no row of a table keyed by file: those statements are left out (each costs DuckDB a plan
    // and a scan of the previous overlay, ~1 ms). Likewise the failures' statement when it has none.
    const carriesFiles = previousFiles > this.runFiles.previous.length;
    // The base files the run hides: its paths' base files the previous overlay did not hide yet (`readRunFiles`).
    const { base: baseIds, hidden } = this.runFiles;
    const newlyHidden = baseIds.filter((id) => !hidden.has(id));
    const removedFailures = `SELECT path FROM ${BASE}.failures WHERE ${this.pathFilter('path')}`;
    const carried = previous
      ? [
          `INSERT INTO ${OVERLAY}.removed_files SELECT id FROM ${PREVIOUS}.removed_files`,
          `INSERT INTO ${OVERLAY}.removed_failures SELECT path FROM ${PREVIOUS}.removed_failures
           UNION ALL ${removedFailures} AND path NOT IN (SELECT path FROM ${PREVIOUS}.removed_failures)`,
          ...(carriesFiles
            ? [
                `INSERT INTO ${OVERLAY}.files SELECT * FROM ${PREVIOUS}.files WHERE ${this.pathFilter('path', true)}`,
                ...STORED_TABLES.filter((t) => t !== 'files' && t !== 'failures').map(
                  (t) =>
                    `INSERT INTO ${OVERLAY}.${t} SELECT * FROM ${PREVIOUS}.${t}
                     WHERE file_id IN (SELECT id FROM ${OVERLAY}.files)`,
                ),
              ]
            : []),
          ...(previousFailures > 0
            ? [
                `INSERT INTO ${OVERLAY}.failures SELECT * FROM ${PREVIOUS}.failures
                 WHERE ${this.pathFilter('path', true)}`,
              ]
            : []),
          // Metrics are recounted only for the symbols a run affects; the rest stay as the previous overlay had them.
          `INSERT INTO ${OVERLAY}.metrics SELECT * FROM ${PREVIOUS}.metrics`,
          // Key rows only ever need to be a superset; a compaction drops the stale ones.
          ...CARRIED_KEY_TABLES.map((t) => `INSERT INTO ${OVERLAY}.${t} SELECT * FROM ${PREVIOUS}.${t}`),
        ]
      : [];
    const statements = [
      ...carried,
      ...(newlyHidden.length > 0
        ? [`INSERT INTO ${OVERLAY}.removed_files VALUES ${newlyHidden.map((id) => `(${validHandle(id)})`).join(', ')}`]
        : []),
      ...(previous ? [] : [`INSERT INTO ${OVERLAY}.removed_failures ${removedFailures}`]),
      ...(previous
        ? (['calls', 'refs'] as const).map(
            (t) =>
              `INSERT INTO ${OVERLAY}.${t}_target SELECT * FROM ${PREVIOUS}.${t}_target
                 WHERE file_id NOT IN (SELECT id FROM ${OVERLAY}.removed_files)`,
          )
        : []),
    ];
    if (statements.length > 0) await this.run(statements.join(';\n'));
    this.ids = new IdAllocator(...this.firstIds);
    this.ids.offerBlocks(this.offered);
    this.previousAttached = previous;
  }

  /**
   * Find the files of the run's paths in the base and the previous overlay; later statements name them as literal
   * lists (a constant filter on `file_id` reaches the scans' zone maps, a subquery does not).
   *
   * @param previous - Whether a previous overlay is attached.
   */
  private async readRunFiles(previous: boolean): Promise<void> {
    const hiddenBy = previous ? `id IN (SELECT id FROM ${PREVIOUS}.removed_files)` : 'false';
    const rows = await this.readRows(
      `SELECT false, id, path, ${hiddenBy} FROM ${BASE}.files WHERE ${this.pathFilter('path')}${
        previous
          ? ` UNION ALL SELECT true, id, path, false FROM ${PREVIOUS}.files WHERE ${this.pathFilter('path')}`
          : ''
      }`,
    );
    const files: RunFiles = { base: [], previous: [], paths: new Map(), hidden: new Set() };
    for (const [inPrevious, id, path, hidden] of rows) {
      (inPrevious === true ? files.previous : files.base).push(Number(id));
      files.paths.set(Number(id), String(path));
      if (hidden === true) files.hidden.add(Number(id));
    }
    this.runFiles = files;
  }

  /**
   * Read the symbols of the run's paths (the base's and the previous overlay's rows: the touched keys of the derived
   * step) and offer the visible ones' blocks of handles to the allocator (a file with the same symbols takes its block
   * back, so edges into it keep their targets).
   *
   * @param previous - Whether a previous overlay is attached.
   */
  private async readGone(previous: boolean): Promise<void> {
    const { base, previous: inPrevious, paths, hidden } = this.runFiles;
    const select = (catalog: string, ids: readonly number[]): string =>
      `SELECT file_id, id, name, qualified_name, kind::VARCHAR, start_line, slot_types
       FROM ${catalog}.symbols WHERE file_id IN ${idList(ids)}`;
    // A base file the previous overlay hid is left out (see below); a catalog without files to read is not named.
    const visibleBase = base.filter((id) => !hidden.has(id));
    const parts = [
      ...(visibleBase.length > 0 ? [select(BASE, visibleBase)] : []),
      ...(previous && inPrevious.length > 0 ? [select(PREVIOUS, inPrevious)] : []),
    ];
    // Base rows first, so a path's visible block (in the previous overlay when it has the path) is read in id order.
    const rows = parts.length === 0 ? [] : await this.readRows(`${parts.join(' UNION ALL ')} ORDER BY 2`);
    const gone: RunSymbol[] = [];
    const visible = new Map<string, { ids: number[]; shapes: string[]; inputs: string[] }>();
    const goneIds: number[] = [];
    this.goneInputs.clear();
    for (const [fileId, id, name, qualifiedName, kind, startLine, slotTypes] of rows) {
      const path = paths.get(Number(fileId))!;
      // A base file the previous overlay hid is not what readers see: its rows are no symbol readers had before the
      // run nor have after it (they stay hidden), so they touch no key, and their block is not offered.
      if (hidden.has(Number(fileId))) continue;
      gone.push({ path, name: String(name), qualifiedName: String(qualifiedName) });
      goneIds.push(Number(id));
      let file = visible.get(path);
      if (!file) visible.set(path, (file = { ids: [], shapes: [], inputs: [] }));
      const inputs = resolutionInputs(
        String(name),
        String(qualifiedName),
        String(kind),
        Number(startLine),
        typeof slotTypes === 'string' ? slotTypes : null,
      );
      file.ids.push(Number(id));
      file.shapes.push(symbolShape(String(kind), String(qualifiedName)));
      file.inputs.push(inputs);
      this.goneInputs.set(Number(id), `${path}\0${inputs}`);
    }
    this.goneIds = goneIds;
    const blocks = new Map<string, PreviousBlock>();
    for (const [path, { ids, shapes, inputs }] of visible) {
      // Only a consecutive block can be taken back whole (a file's symbols are always allocated as one).
      if (ids.every((id, i) => id === ids[0]! + i)) blocks.set(path, { first: ids[0]!, shapes, inputs });
    }
    this.gone = gone;
    this.offered = blocks;
  }

  /**
   * The run's paths' previous edges, as readers saw them (base edges with the previous overlay's re-targeting applied,
   * or the previous overlay's own edges): each hint with its target then (a hint answered two ways, which a consistent
   * index never holds, is left out, so it is resolved), and the `(caller, target)` of every resolved call.
   *
   * @returns The answers (hint → target, `null`: none) and the calls.
   */
  private async previousEdges(): Promise<{
    answered: Map<string, number | null>;
    removedCalls: (readonly [number, number])[];
  }> {
    const previous = this.previousAttached;
    const { base, previous: inPrevious, hidden } = this.runFiles;
    const visibleBase = base.filter((id) => !hidden.has(id));
    const owner = (table: 'calls' | 'refs'): string => (table === 'calls' ? 'caller_id' : 'NULL::INTEGER');
    const fromBase = (table: 'calls' | 'refs'): string =>
      previous
        ? `SELECT e.target_hint AS hint, CASE WHEN t.file_id IS NULL THEN e.target_id ELSE t.target_id END AS target,
             ${owner(table)} AS caller
           FROM ${BASE}.${table} e LEFT JOIN ${PREVIOUS}.${table}_target t ON t.file_id = e.file_id AND t.ordinal = e.ordinal
           WHERE e.file_id IN ${idList(visibleBase)}`
        : `SELECT target_hint AS hint, target_id AS target, ${owner(table)} AS caller FROM ${BASE}.${table}
           WHERE file_id IN ${idList(visibleBase)}`;
    const fromPrevious = (table: 'calls' | 'refs'): string =>
      `SELECT target_hint, target_id, ${owner(table)} FROM ${PREVIOUS}.${table} WHERE file_id IN ${idList(inPrevious)}`;
    // A catalog without files to read is not named (the usual edit loop: the file is in the previous overlay only).
    const parts = (['calls', 'refs'] as const).flatMap((table) => [
      ...(visibleBase.length > 0 ? [fromBase(table)] : []),
      ...(previous && inPrevious.length > 0 ? [fromPrevious(table)] : []),
    ]);
    // Deduplicated here: a DISTINCT costs DuckDB a hash aggregate's set-up (~3–10 ms) even over a hundred rows.
    const rows = parts.length === 0 ? [] : await this.readRows(parts.join(' UNION ALL '));
    const answered = new Map<string, number | null>();
    const conflicting = new Set<string>();
    const removedCalls: (readonly [number, number])[] = [];
    for (const [hint, stored, caller] of rows) {
      const target = stored === null ? null : Number(stored);
      if (caller !== null && target !== null) removedCalls.push([Number(caller), target]);
      if (hint === null) continue;
      const key = String(hint);
      if (answered.has(key) && answered.get(key) !== target) conflicting.add(key);
      answered.set(key, target);
    }
    for (const key of conflicting) answered.delete(key);
    return { answered, removedCalls };
  }

  /**
   * Compaction: a copy of the base receives the previous overlay's remaining rows and the run, and becomes the new
   * base.
   *
   * @param previous - Whether a previous overlay is attached.
   */
  private async prepareCompaction(previous: boolean): Promise<void> {
    this.writeMode = 'compact';
    await this.run(`DETACH ${BASE}`);
    try {
      await copyFile(this.activePath, this.staged.tempPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new IndexUnavailableError('missing', this.activePath);
      throw error;
    }
    await this.run(`ATTACH ${sqlString(this.staged.tempPath)} AS ${INDEX_CATALOG}`);
    const copied = await this.checkStoredVersion(INDEX_CATALOG, 'generation');
    // The base may have been replaced between the version check and the copy; the previous overlay is then stale.
    const carry = previous && copied === this.generation;
    const statements = ['BEGIN TRANSACTION'];
    if (carry) {
      // Every path the previous overlay touched is removed from the copy; its rows of paths the run does not touch
      // are then copied in with their handles (above the base's, so they cannot collide).
      await this.run(`CREATE TABLE carried AS SELECT id FROM ${PREVIOUS}.files
        WHERE path NOT IN (SELECT path FROM run_paths)`);
      await this.run(`CREATE TABLE carried_failures AS SELECT path FROM ${PREVIOUS}.failures
        WHERE path NOT IN (SELECT path FROM run_paths)`);
      await this.run(`INSERT INTO run_paths
        SELECT path FROM ${PREVIOUS}.files UNION SELECT path FROM ${PREVIOUS}.failures
        UNION SELECT path FROM ${PREVIOUS}.removed_failures
        UNION SELECT path FROM ${INDEX_CATALOG}.files WHERE id IN (SELECT id FROM ${PREVIOUS}.removed_files)`);
      statements.push(
        ...removeRunPathsSql(),
        ...STORED_TABLES.filter((t) => t !== 'failures').map(
          (t) =>
            `INSERT INTO ${INDEX_CATALOG}.${t} SELECT * FROM ${PREVIOUS}.${t}
             WHERE ${t === 'files' ? 'id' : 'file_id'} IN (SELECT id FROM carried)`,
        ),
        `INSERT INTO ${INDEX_CATALOG}.failures SELECT * FROM ${PREVIOUS}.failures
         WHERE path IN (SELECT path FROM carried_failures)`,
        ...CARRIED_KEY_TABLES.map((t) => `INSERT INTO ${INDEX_CATALOG}.${t} SELECT * FROM ${PREVIOUS}.${t}`),
      );
    } else {
      statements.push(...removeRunPathsSql());
    }
    await this.run(statements.join(';\n'));
    this.ids = new IdAllocator(...(await this.nextIds([INDEX_CATALOG])));
    this.generation = newGeneration();
  }

  async persist(batch: readonly AnalyzedFile[]): Promise<void> {
    this.expect('prepared', 'persist');
    if (batch.length === 0) return;
    const batches = buildAnalyzedBatches(batch, this.ids!, this.dimension);
    if (this.writeMode === 'overlay') {
      // A symbol that kept its handle, path and every resolution input (its file took its block back, or grew it) is
      // the same symbol to the resolver: neither removed nor added for the derived state.
      for (const { file, analysis } of batch) {
        const first = this.ids!.firsts.get(file.path)!;
        analysis.symbols.forEach(({ name, qualifiedName, kind, startLine, slotTypes }, i) => {
          const before = this.goneInputs.get(first + i);
          if (
            before !== undefined &&
            before === `${file.path}\0${resolutionInputs(name, qualifiedName, kind, startLine, slotTypes)}`
          )
            this.kept.add(first + i);
          else this.added.push({ path: file.path, name, qualifiedName });
        });
      }
    }
    const keys = this.keyRows.build(batch);
    this.rows.calls += batches.calls.numRows;
    this.rows.refs += batches.refs.numRows;
    this.rows.symbol_keys += batches.symbols.numRows;
    this.rows.hint_keys += keys.hintKeys.numRows;
    this.rows.slot_keys += keys.slotKeys.numRows;
    await this.load('files', batches.files);
    await this.load('symbols', batches.symbols);
    if (this.writeMode === 'overlay') this.heldEdges.push({ calls: batches.calls, refs: batches.refs });
    else {
      await this.load('calls', batches.calls);
      await this.load('refs', batches.refs);
    }
    await this.load('findings', batches.findings);
    await this.load('hint_keys', keys.hintKeys);
    await this.load('slot_keys', keys.slotKeys);
    if (this.writeMode !== 'full') return;
    // An appender buffers its rows until closed (up to ~200k per table): closed after every batch, what it held moves
    // into the transaction as the batch is written, instead of all at once (+35–60 MiB at the end of a SymPy load).
    // The next batch opens new ones, inside the same or the next transaction.
    this.closeLoaders();
    this.uncommittedRows += [batches.files, batches.symbols, batches.calls, batches.refs, batches.findings]
      .concat([keys.hintKeys, keys.slotKeys])
      .reduce((sum, rows) => sum + rows.numRows, 0);
    if (this.uncommittedRows >= this.commitRows) {
      markPhase('persist commit');
      // The commit (with its automatic checkpoint) is the load's largest native allocation: it starts beside as
      // little JavaScript garbage as possible, and what it freed goes back to the system before the next batch.
      collectGarbage();
      await this.run('COMMIT');
      // A commit whose automatic checkpoint ran (its write-ahead log is gone) leaves only written blocks in the
      // buffer pool: they are dropped (see `LOAD_EVICT_LIMIT`) before the allocator flush hands the memory back.
      if ((await walBytes(this.staged.tempPath)) === 0) await this.dropBufferedBlocks();
      await this.run([...allocatorFlushSql(this.loadThreads), 'BEGIN TRANSACTION'].join(';\n'));
      this.uncommittedRows = 0;
    }
    markPhase('persist');
    collectAbove(LOAD_HEAP_BOUND);
  }

  async recordFailures(failures: readonly FailedFile[]): Promise<void> {
    this.expect('prepared', 'recordFailures');
    if (failures.length > 0) await this.load('failures', buildFailureBatch(failures));
  }

  async rebuildDerived(): Promise<void> {
    this.expect('prepared', 'rebuildDerived');
    // The appenders buffer rows: closing them writes what persist queued.
    markPhase('persist flush');
    this.closeLoaders();
    if (this.writeMode === 'full') {
      // The indexer has just collected the batches' garbage (see `indexer.ts`), before this last commit of the load.
      markPhase('persist commit');
      await this.run(FULL_LOAD_END.join(';\n'));
      const logged = (await walBytes(this.staged.tempPath)) > 0;
      await this.run([...(logged ? LOAD_END_CHECKPOINT : []), 'BEGIN TRANSACTION'].join(';\n'));
    }
    markPhase('derived');
    const session = sessionOf(this.connection!);
    if (this.writeMode === 'overlay') {
      await rebuildOverlayDerived(session, {
        base: BASE,
        overlay: OVERLAY,
        logical: logicalTables(BASE, OVERLAY),
        gone: this.gone.filter((_, i) => !this.kept.has(this.goneIds[i]!)),
        added: this.added,
        unchanged: this.ids!.unchanged,
        ...(await this.previousEdges()),
        firstFileId: this.firstIds[0],
        ownEdges: {
          hinted: () =>
            this.heldEdges.flatMap(({ calls, refs }) => [...hintedRows(calls, true), ...hintedRows(refs, false)]),
          load: (targets) => this.loadHeldEdges(targets),
        },
      });
    } else {
      if (this.writeMode === 'full') await rebuildFullDerived(session);
      else await rebuildIncrementalDerived(session);
    }
    this.phase = 'derived';
  }

  async commit(options?: WriteSessionCommitOptions): Promise<CommitInfo> {
    if (this.phase === 'prepared') await this.rebuildDerived();
    this.expect('derived', 'commit');
    const overlay = this.writeMode === 'overlay';
    const written = overlay ? OVERLAY : INDEX_CATALOG;
    const values = [
      validInteger(CONTRACT_VERSION),
      sqlString(DUCKDB_BACKEND_VERSION),
      sqlString(JSON.stringify(this.options.meta)),
      `${validInteger(this.generation)}::BIGINT`,
    ];
    // An overlay's `meta` was created empty by this run; a compaction's copy holds the base's row. Sent with the
    // commit: one statement and one round trip fewer for an overlay run.
    const meta = [
      ...(overlay ? [] : [`DELETE FROM ${written}.meta`]),
      `INSERT INTO ${written}.meta VALUES (${values.join(', ')})`,
    ];
    // A full run's indexes are built over its committed rows (see `fullIndexesSql`), each from a freshly attached file:
    // the rows are checkpointed and the file detached and attached again before the first build and between builds,
    // so a build starts with no earlier index (nor the derived step's updates) in memory, and after an allocator flush
    // (the full run's thread count is 1 here, see `FULL_LOAD_END`). After the last build the final checkpoint and
    // detach below write it: attaching the file again only to detach it was a checkpoint, an attach and a flush more.
    const builds = this.writeMode === 'full' ? fullIndexesSql(this.rows) : [];
    const indexes =
      builds.length === 0
        ? []
        : [
            ...this.reattachSql(),
            `SET memory_limit = '${WRITER_MEMORY_LIMIT}'`,
            ...builds.flatMap((index, i) => (i < builds.length - 1 ? [index, ...this.reattachSql()] : [index])),
          ];
    await this.run([...meta, 'COMMIT', ...indexes, `CHECKPOINT ${written}`, `DETACH ${written}`].join(';\n'));
    // The written file is checkpointed and detached: what the connection holds now is the run's memory, the base
    // attached read-only and, if the run spilled, its spill folder (removed by DuckDB's close). An exiting process
    // leaves the close — the catalog's teardown and the allocator's flush, ~2–5 ms of CPU on a one-file run (issue 12,
    // session 24) — to the exit, unless there is a spill folder to remove.
    if (options?.processExiting === true && !existsSync(this.spillPath)) this.leaveToExit();
    else this.release();
    let size = (await stat(this.staged.tempPath)).size;
    const published = await this.staged.publish();
    let identity: string | null;
    if (overlay) {
      size += (await stat(this.activePath)).size;
      identity = pairIdentity(this.baseIdentity, published);
    } else {
      // The new base makes the overlay stale; readers ignore a stale overlay, removing it only saves them the look.
      await rm(this.overlayPath, { force: true });
      identity = pairIdentity(published, ABSENT);
    }
    this.phase = 'committed';
    return { sizeBytes: size, ...(identity === null ? {} : { identity }) };
  }

  async abort(): Promise<void> {
    if (this.phase === 'committed' || this.phase === 'ended') return;
    this.release();
    await this.staged.discard();
    this.phase = 'ended';
  }

  async close(): Promise<void> {
    await this.abort();
  }

  /**
   * Statements that write a full run's committed rows to its file, detach it, attach it again and flush the
   * allocator: what DuckDB held for the file (blocks, built ART indexes) leaves memory, and is read back only if used.
   *
   * @returns Statements, outside any transaction.
   */
  private reattachSql(): string[] {
    return [
      `CHECKPOINT ${INDEX_CATALOG}`,
      `DETACH ${INDEX_CATALOG}`,
      `ATTACH ${sqlString(this.staged.tempPath)} AS ${INDEX_CATALOG}`,
      ...allocatorFlushSql(1),
    ];
  }

  /**
   * Append an overlay run's held edge batches, with their targets, and flush them (`OwnEdges.load`).
   *
   * @param targets - Each hint's target; `null`: the edges are appended without targets.
   */
  private async loadHeldEdges(targets: ReadonlyMap<string, number | null> | null): Promise<void> {
    const target = (hint: string | null): number | null => (hint === null ? null : (targets?.get(hint) ?? null));
    for (const { calls, refs } of this.heldEdges.splice(0)) {
      for (const [table, edges] of [
        ['calls', calls],
        ['refs', refs],
      ] as const) {
        if (edges.numRows === 0) continue;
        await this.load(
          table,
          targets === null
            ? edges
            : withTargets(
                edges,
                edgeRows(edges).map(([, hint]) => target(hint)),
              ),
        );
      }
    }
    this.closeLoaders();
  }

  /**
   * Make DuckDB drop the blocks its buffer pool holds, between two transactions of a full run's load, and restore the
   * load's limit (see {@link LOAD_EVICT_LIMIT}). DuckDB refuses a limit it cannot reach by evicting (an error, the limit
   * unchanged); the pool then keeps what it could not drop, which is no reason to fail the run.
   */
  private async dropBufferedBlocks(): Promise<void> {
    try {
      await this.run(`SET memory_limit = '${LOAD_EVICT_LIMIT}'`);
    } catch {
      // kept what could not be evicted
    } finally {
      await this.run(`SET memory_limit = '${FULL_LOAD_MEMORY_LIMIT}'`);
    }
  }

  /** Flush and close the appenders (a later batch opens new ones). */
  private closeLoaders(): void {
    for (const loader of this.loaders.values()) loader.close();
    this.loaders.clear();
  }

  private async load(table: LoadedTable, batch: RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    let loader = this.loaders.get(table);
    if (!loader) {
      markPhase('persist open appender');
      loader = ArrowTableLoader.open(this.connection!, table, this.target);
      this.loaders.set(table, loader);
    }
    markPhase(`persist ${table}`);
    loader.append(batch);
    markPhase('persist'); // building the next table's Arrow batch
  }

  /**
   * Check an attached file's stored contract and layout versions.
   *
   * @param catalog - The attached base or overlay.
   * @param generationColumn - `generation` (a base) or `base_generation` (an overlay).
   * @returns The stored generation.
   */
  private async checkStoredVersion(catalog: string, generationColumn: string): Promise<number> {
    const [row] = await this.readRows(`SELECT contract_version, layout, ${generationColumn} FROM ${catalog}.meta`);
    if (!row || row[0] !== CONTRACT_VERSION || row[1] !== DUCKDB_BACKEND_VERSION) {
      throw new IndexUnavailableError('version', this.activePath);
    }
    return Number(row[2]);
  }

  /**
   * Bounded range allocation: new file and symbol handles start above the stored maxima (one query).
   *
   * @param catalogs - Attached files whose handles must not be reused.
   * @returns The first free file handle and the first free symbol handle.
   */
  private async nextIds(catalogs: readonly string[]): Promise<[number, number]> {
    const [files, symbols] = (await this.readRows(`SELECT ${highestIdsSql(catalogs).join(', ')}`))[0]!.map(Number);
    return [files! + 1, symbols! + 1];
  }

  private async run(sql: string): Promise<void> {
    await this.connection!.run(sql);
  }

  private async readRows(sql: string): Promise<unknown[][]> {
    return this.connection!.rows(sql);
  }

  /** DuckDB's spill folder for this run: a sidecar of the staged file (see `prepare`). */
  private get spillPath(): string {
    return `${this.staged.tempPath}.spill`;
  }

  /** Close the appenders and stop using the connection, leaving its release to the process's exit (see `commit`). */
  private leaveToExit(): void {
    this.closeLoaders();
    this.connection?.leaveToExit();
    this.connection = undefined;
    traceEvent('duckdb write session left to the exit');
  }

  /** Close the appenders, the connection and the database; an uncommitted transaction is rolled back. */
  private release(): void {
    for (const loader of this.loaders.values()) {
      try {
        loader.close();
      } catch {
        // The run is being discarded; a failed flush changes nothing.
      }
    }
    this.loaders.clear();
    this.connection?.close();
    this.connection = undefined;
  }

  private expect(phase: Phase, method: string): void {
    if (this.phase !== phase) throw new Error(`WriteSession.${method} called in phase ${this.phase}`);
  }
}

/** What an incremental run reads of the stored files before choosing an overlay or a compaction. */
interface StoredState {
  /** Whether the previous overlay applies to the base and is attached. */
  readonly previous: boolean;
  /** Files and failures of the base. */
  readonly baseFiles: number;
  /** Files, failures and hidden files of the previous overlay (0 without one). */
  readonly overlayFiles: number;
  /** Rows of the previous overlay's `files` (0 without one). */
  readonly previousFiles: number;
  /** Rows of the previous overlay's `failures` (0 without one). */
  readonly previousFailures: number;
}

/** The files of an overlay run's paths before the run. */
interface RunFiles {
  /** Handles in the base (hidden or not). */
  readonly base: number[];
  /** Handles in the previous overlay. */
  readonly previous: number[];
  /** Path of each handle (base and previous overlay handles never collide). */
  readonly paths: Map<number, string>;
  /** Base handles the previous overlay already hid. */
  readonly hidden: Set<number>;
}

/**
 * The highest stored file and symbol handles of some attached files.
 *
 * @param catalogs - The attached files.
 * @returns Two SQL expressions: the highest file handle and the highest symbol handle (0 when none).
 */
function highestIdsSql(catalogs: readonly string[]): [string, string] {
  const highest = (table: 'files' | 'symbols'): string =>
    `greatest(${catalogs.map((catalog) => `(SELECT coalesce(max(id), 0) FROM ${catalog}.${table})`).join(', ')})`;
  return [highest('files'), highest('symbols')];
}

/**
 * The rows of an edge batch that have a hint (`OwnEdges.hinted`).
 *
 * @param edges - A `calls` or `refs` batch.
 * @param isCall - Whether it is `calls` (its owner is the caller).
 * @returns Per hinted edge: whether a call, its caller (`null` for a reference), its hint.
 */
function hintedRows(edges: RecordBatch, isCall: boolean): [boolean, number | null, string][] {
  return edgeRows(edges).flatMap(([owner, hint]): [boolean, number | null, string][] =>
    hint === null ? [] : [[isCall, isCall ? owner : null, hint]],
  );
}

/**
 * An integer for SQL text.
 *
 * @param value - A safe integer.
 * @returns The value.
 */
function validInteger(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  return value;
}

/**
 * A literal list of handles for `IN`.
 *
 * @param ids - Handles.
 * @returns `(1, 2)`, or `(NULL)` (matches nothing) when empty.
 */
function idList(ids: readonly number[]): string {
  return ids.length === 0 ? '(NULL)' : `(${ids.map((id) => validHandle(id)).join(', ')})`;
}

/**
 * The commit interval of a full run's load: {@link FULL_COMMIT_ROWS}, or a positive integer from
 * `$CODIRA_DUCKDB_COMMIT_ROWS` (a smaller one trades time for memory; the tests use it to commit small fixtures in parts).
 *
 * @returns Rows between commits.
 */
function fullCommitRows(): number {
  const text = process.env['CODIRA_DUCKDB_COMMIT_ROWS'] ?? '';
  return /^[1-9]\d*$/.test(text) ? Number(text) : FULL_COMMIT_ROWS;
}

/**
 * Bytes in the write-ahead log of a DuckDB file: 0 when there is none, as after a checkpoint (which removes it).
 *
 * @param path - The database file.
 * @returns Size of `<path>.wal`.
 */
async function walBytes(path: string): Promise<number> {
  try {
    return (await stat(`${path}.wal`)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * A new base's generation: random, so a reader can tell an overlay written for another base from its own.
 *
 * @returns A positive safe integer.
 */
function newGeneration(): number {
  return randomBytes(6).readUIntBE(0, 6) + 1;
}
