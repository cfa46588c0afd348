/**
 * Index orchestration: scan → plan → (nothing to do ⇒ return before any writer exists) → analyze in parallel →
 * persist in batches through the backend's write session → derived state → commit. Any error aborts the session, so
 * the previously committed index stays intact.
 *
 * @packageDocumentation
 */
import type { AnalysisLimits } from './analysis-protocol.js';
import type { HostKind, Isolation, PrestartedAnalysis } from './analysis-spawn.js';
import { analyzerFor, analyzerInventory, layoutOf, readsLayout, type AnalyzerSet } from './analyzer.js';
import type { BackendFactory, PathSets, StoreLocation } from './contracts.js';
import { EMBEDDER } from './embeddings.js';
import { IndexUnavailableError } from './errors.js';
import { sortByText } from './text.js';
import { HAZARD_BYTES, SMALL_RUN_FILES } from './analysis-protocol.js';
import { CONTRACT_VERSION, type AnalyzedFile, type FailedFile, type IndexMeta } from './model.js';
import { NOOP_REASON, planIndex, sameInventory, type IndexPlan, type StoredState } from './planner.js';
import { markPhase } from './phases.js';
import { scanRepository, type ScannedFile, type SkippedPath } from './scanner.js';
import { RACY_MS, type WalkRecord } from './walk-record.js';
import {
  forgetStoredState,
  readStoredStateSnapshot,
  sameFiles,
  snapshotStoredState,
  resizedOrAddedFiles,
  restatTouchedFiles,
  writeStoredState,
  type StoredStat,
} from './stored-state.js';

/** Files larger than this are skipped unless the caller sets another limit (generated or vendored code, dumps). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * A write batch is also cut once its files' source reaches this size: a batch's rows live in this process's heap
 * until it is persisted (about 7 bytes per source byte measured), so a run of large files would otherwise hold
 * hundreds of megabytes in one batch of the backend's preferred file count.
 */
const BATCH_SOURCE_BYTES = 2 * 1024 * 1024;

/**
 * JavaScript heap and array buffers (bytes) above which a full run collects once before its derived step: the
 * DuckDB load's bound after each batch, well under SymPy ×4's 227 MiB there and above small trees' (mobx 8 MiB, zod
 * 29 MiB, SymPy ×1 27 MiB).
 */
export const FULL_RUN_COLLECT_BYTES = 64 * 1024 * 1024;

/** Options of one index run. */
export interface IndexOptions {
  readonly location: StoreLocation;
  readonly backend: BackendFactory;
  /** The analyzers to run, passed in like the backend (the CLI passes the registry's set). */
  readonly analyzers: AnalyzerSet;
  /** Rebuild from scratch even if nothing changed. */
  readonly full?: boolean;
  /** Analysis processes; default by file count and cores; 0 analyzes in this process, without isolation. */
  readonly workers?: number;
  /** Files larger than this many bytes are skipped (reported, not indexed); default {@link DEFAULT_MAX_FILE_BYTES}. */
  readonly maxFileBytes?: number;
  /** Per-file time and memory budgets of isolated analysis; default {@link DEFAULT_LIMITS}. */
  readonly limits?: AnalysisLimits;
  /** Progress callback (files analyzed so far, total); called at most every few hundred milliseconds. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * An analysis process the caller started early (`prestartAnalysis`), so its start-up overlaps the scan; the run
   * takes it or, with nothing to analyze or on an error, disposes of it.
   */
  readonly prestarted?: PrestartedAnalysis;
  /**
   * Start an analysis host early, when no host was {@link IndexOptions.prestarted | prestarted}: as soon as the scan
   * finds a few files changed since a trusted stored-state snapshot, some of them added or resized (so the host boots
   * while the run plans and opens its writer; given those paths, it loads their analyzers at once), else once the plan
   * says files need analysis. A warm no-op never starts one. `kind` is `process` when the run will need one (a file
   * over the hazard size, many files), else `thread` (the isolation the caller was asked for may still make it a
   * process).
   */
  readonly prestart?: (preload?: readonly string[], kind?: HostKind) => Promise<PrestartedAnalysis>;
  /** `auto` (default: a thread for a small run of ordinary-looking files) or `process` for every run. */
  readonly isolation?: Isolation;
  /**
   * Called once when the plan has something to write, before the writer opens (an analysis host started from the scan
   * may already be booting); never by a no-op. Receives the bytes the run will analyze (the planned files' sizes).
   * (The CLI ends its hold on V8's optimizing compiler there, with late tiering for a small run, see
   * `cli/optimizer-hold.ts`.)
   */
  readonly beforeWrite?: (analysisBytes: number) => void;
  /** The process ends soon after this run returns (a one-shot CLI `index`): see `WriteSessionCommitOptions` (contracts.ts). */
  readonly processExiting?: boolean;
}

/** What an index run did. Serialized as the `--json` output of `codira index`. */
export interface IndexReport {
  /** `noop` when the index was already up to date and no writer was opened. */
  readonly mode: IndexPlan['mode'];
  readonly reason: string;
  readonly backend: string;
  /** Files analyzed and committed in this run. */
  readonly indexed: number;
  /** Files whose stored rows were kept. */
  readonly reused: number;
  /** Files removed from the index. */
  readonly deleted: number;
  /** Files that failed in this run (excluded from committed state), sorted by path. */
  readonly failed: readonly { readonly path: string; readonly reason: string }[];
  /**
   * Paths left out of the index on purpose or by necessity, reported on every run: files over the size limit and
   * folders that cannot be listed. Sorted by path.
   */
  readonly skipped: readonly SkippedPath[];
  /** Size of the committed store in bytes, or `null` for a no-op run. */
  readonly sizeBytes: number | null;
  /** Wall-clock duration in milliseconds. */
  readonly elapsedMs: number;
  /** The path sets, included for `--explain`. */
  readonly paths: PathSets;
}

/**
 * The inventory the current runtime would write.
 *
 * @param backend - The active backend.
 * @param analyzers - The analyzers of the run, in priority order.
 * @returns Contract version, runtime, analyzer and embedder inventory.
 */
export function currentMeta(backend: BackendFactory, analyzers: AnalyzerSet): IndexMeta {
  return {
    contractVersion: CONTRACT_VERSION,
    runtime: { backend: backend.name, backendVersion: backend.version },
    analyzers: analyzerInventory(analyzers.all),
    embedder: { name: EMBEDDER.name, version: EMBEDDER.version, dimension: EMBEDDER.dimension },
  };
}

/** The stored state as read through the backend, and the store identity it is proven to belong to. */
interface ReadState {
  readonly stored: StoredState | null;
  /** The store's identity, the same before the open and after the close (so the read saw that state), or `null`. */
  readonly identity: string | null;
}

async function readStoredState(backend: BackendFactory, location: StoreLocation): Promise<ReadState> {
  const before = backend.storeIdentity?.(location) ?? null;
  let reader;
  try {
    reader = await backend.openReader(location);
  } catch (error) {
    if (error instanceof IndexUnavailableError) return { stored: null, identity: null }; // missing, corrupt or stale
    throw error;
  }
  let stored: StoredState;
  try {
    const [meta, files, failures] = await Promise.all([reader.meta(), reader.files(), reader.failures()]);
    stored = { meta, files: [...files, ...failures.map((f) => f.file)] };
  } finally {
    await reader.close();
  }
  const after = backend.storeIdentity?.(location) ?? null;
  return { stored, identity: before !== null && before === after ? before : null };
}

/**
 * Run `codira index`.
 *
 * @param options - Where, which backend, and how.
 * @returns The report of the run.
 */
export async function runIndex(options: IndexOptions): Promise<IndexReport> {
  const early: EarlyHost = { host: options.prestarted };
  try {
    return await indexRun(options, early);
  } finally {
    early.host?.dispose(); // a no-op when the analysis took it
  }
}

/** The run's early-started analysis host, if any (given by the caller or started once the plan needs one). */
interface EarlyHost {
  host: PrestartedAnalysis | undefined;
}

/**
 * Milliseconds on a monotonic clock. Not `performance.now()`: the global `performance` loads eleven of Node's built-in
 * modules on first use, and an index run's first use came while its optimizer hold was in force, under which V8
 * rejects their code cache (see `cli/optimizer-hold.ts`), so a warm no-op compiled them from source.
 *
 * @returns The time.
 */
function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

async function indexRun(options: IndexOptions, early: EarlyHost): Promise<IndexReport> {
  const started = nowMs();
  const startedAt = Date.now();
  const { backend, location, analyzers } = options;
  const meta = currentMeta(backend, analyzers);
  // A snapshot of the committed state that still describes it (same store identity, same inventory) lets a run where
  // nothing changed finish without opening the index (see stored-state.ts); otherwise the walk and the stored
  // index's read path run together.
  markPhase('read stored-state snapshot');
  const snapshot = options.full ? null : readStoredStateSnapshot(location, backend);
  const trusted = snapshot !== null && sameInventory(snapshot.meta, meta) ? snapshot : null;
  markPhase(trusted ? 'scan' : 'scan + read state');
  const skipped: SkippedPath[] = [];
  let walked: WalkRecord | null = null; // what describes this scan's walk (see WalkOptions.record)
  const [listed, read] = await Promise.all([
    scanRepository(
      location.repoRoot,
      (path) => analyzerFor(analyzers.all, path) !== undefined,
      (skip) => skipped.push(skip),
      { replay: trusted?.walk, record: (record) => (walked = record) },
    ),
    trusted ? undefined : readStoredState(backend, location),
  ]);
  markPhase('plan');
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // Over the limit: not a candidate at all, so a previously indexed copy is deleted and nothing is read.
  const scanned = listed.filter((file) => {
    if (file.size <= maxFileBytes) return true;
    skipped.push({ path: file.path, reason: `too large: ${file.size} bytes (limit ${maxFileBytes})` });
    return false;
  });
  sortByText(skipped, (skip) => skip.path);
  const noop = (paths: PathSets): IndexReport => ({
    mode: 'noop',
    reason: NOOP_REASON,
    backend: backend.name,
    skipped,
    paths,
    indexed: 0,
    reused: paths.reused.length,
    deleted: 0,
    failed: [],
    sizeBytes: null,
    elapsedMs: nowMs() - started,
  });
  // Exactly the planner's no-op (every file reused on equal size and time), decided without the index.
  if (trusted && sameFiles(scanned, trusted.files)) {
    // The tree was walked again (a folder changed, e.g. an unclaimed file came or went): keep the new walk for the
    // next run. The rest of the snapshot is what was read and checked above.
    if (walked !== (trusted.walk ?? null)) writeStoredState(location, backend.name, { ...trusted, walk: walked });
    return noop({ changed: [], deleted: [], reused: scanned.map((file) => file.path) });
  }
  // Something changed. When a few files did (a small run: one host) and one of them certainly needs analysis (new, or
  // of another size), the host starts now: its boot and its analyzers' load overlap the plan and the writer's open
  // instead of following them. A file only touched may hold the same bytes, which only the plan's hash tells: a run
  // of such files (a no-op after all) must not start a host, so it waits for the plan like any other run.
  if (trusted && early.host === undefined && options.workers !== 0 && options.prestart) {
    const changed = resizedOrAddedFiles(scanned, trusted.files, SMALL_RUN_FILES - 1);
    if (changed !== null && changed.length > 0) {
      const paths = changed.map((file) => file.path);
      early.host = await options.prestart(
        paths,
        changed.some((file) => file.size > HAZARD_BYTES) ? 'process' : 'thread',
      );
    }
  }
  // A trusted snapshot is the stored state the planner needs (the index is opened only by the writer); a malformed
  // one is read through the backend instead.
  const fromSnapshot = trusted ? snapshotStoredState(trusted) : null;
  const { stored, identity } =
    read ?? (fromSnapshot ? { stored: fromSnapshot, identity: null } : await readStoredState(backend, location));
  const plan = await planIndex(location.repoRoot, scanned, stored, meta, options.full ?? false, analyzers.all);
  if (plan.mode === 'noop') {
    // No snapshot described the index (none yet, e.g. an index written before snapshots existed): this read is one,
    // as the store had the same identity before and after it.
    if (trusted === null && identity !== null && stored !== null) {
      const files = sortByText(
        stored.files.map((file): StoredStat => [file.path, file.size, file.mtimeMs, file.hash]),
        (entry) => entry[0],
      );
      writeStoredState(location, backend.name, { identity, meta: stored.meta, files, walk: walked });
    } else if (trusted !== null && fromSnapshot !== null) {
      // Files only touched (same bytes): keep their new stat, or every later no-op would hash them again.
      const files = restatTouchedFiles(trusted.files, scanned, startedAt - RACY_MS);
      if (files !== null) writeStoredState(location, backend.name, { ...trusted, files, walk: walked });
    }
    return noop(plan.paths);
  }
  const base = { mode: plan.mode, reason: plan.reason, backend: backend.name, skipped, paths: plan.paths };

  // Maps of the run's few changed files, not of every file (on a large tree those were a per-file cost of every run).
  const wanted = new Set(plan.paths.changed);
  const stats = new Map<string, ScannedFile>();
  for (const file of scanned) if (wanted.has(file.path)) stats.set(file.path, file);
  // A file's layout (`Analyzer.layout`) in the scanned tree goes with its task: analysis sees only the file.
  let candidates: Set<string> | undefined;
  const exists = (path: string): boolean => (candidates ??= new Set(scanned.map((file) => file.path))).has(path);
  const layouts = readsLayout(analyzers.all);
  const tasks = plan.paths.changed.map((path) => {
    const file = stats.get(path);
    const layout = layouts ? layoutOf(analyzers.all, path, exists) : '';
    return { path, mtimeMs: file?.mtimeMs ?? 0, bytes: file?.size ?? 0, ...(layout === '' ? {} : { layout }) };
  });
  options.beforeWrite?.(tasks.reduce((sum, task) => sum + task.bytes, 0));
  // Not started above (no trusted snapshot, or many files): the host boots while the writer opens and prepares; a run
  // that only deletes files needs none.
  if (early.host === undefined && tasks.length > 0 && options.workers !== 0) {
    // A process serves every run; a thread only a small one of ordinary files (`analysisPlan`).
    const large = tasks.length >= SMALL_RUN_FILES || tasks.some((task) => task.bytes > HAZARD_BYTES);
    early.host = await options.prestart?.(undefined, large ? 'process' : 'thread');
  }
  // Loaded only now: a warm no-op never needs the pool, the process and thread modules or the hashing.
  const { analysisPlan, DEFAULT_LIMITS, startAnalysis } = await import('./analysis-pool.js');
  markPhase('open writer');
  forgetStoredState(location, backend.name); // before anything is written: no snapshot may outlive this state
  // What the snapshot written at commit lists: the stored files the run keeps, then each file it analyzed.
  const kept: StoredStat[] = [];
  const committed = new Map<string, StoredStat>();
  if (plan.mode === 'incremental') {
    // Every stored file is reused, re-analyzed or deleted: the few of the last two decide.
    const replaced = new Set([...plan.paths.changed, ...plan.paths.deleted]);
    if (fromSnapshot !== null && stored === fromSnapshot) {
      // Planned from the snapshot: its entries (checked by snapshotStoredState) are the kept records as they are.
      for (const entry of trusted!.files) if (!replaced.has(entry[0])) kept.push(entry);
    } else {
      for (const file of stored?.files ?? []) {
        if (!replaced.has(file.path)) kept.push([file.path, file.size, file.mtimeMs, file.hash]);
      }
    }
  }
  const session = await backend.beginIndexSession({
    location,
    mode: plan.mode,
    paths: plan.paths,
    meta,
  });
  const failures: FailedFile[] = [];
  let indexed = 0;
  let sizeBytes: number;
  // Started before the session is prepared, so analysis processes boot while the backend sets up.
  const hosts = analysisPlan(location.repoRoot, tasks, options.workers, options.isolation ?? 'auto');
  const analysis = startAnalysis(
    location.repoRoot,
    hosts.tasks,
    analyzers,
    hosts.workers,
    options.limits ?? DEFAULT_LIMITS,
    early.host,
    hosts.host,
  );
  try {
    await session.prepare();
    const batchSize = backend.capabilities.preferredBatchSize;
    let batch: AnalyzedFile[] = [];
    let batchBytes = 0;
    let done = 0;
    markPhase('analyze');
    for await (const outcome of analysis) {
      done++;
      options.onProgress?.(done, tasks.length);
      const record = outcome.kind === 'failed' ? outcome.failure.file : outcome.analyzed.file;
      committed.set(record.path, [record.path, record.size, record.mtimeMs, record.hash]);
      if (outcome.kind === 'failed') {
        failures.push(outcome.failure);
        continue;
      }
      batch.push(outcome.analyzed);
      batchBytes += outcome.analyzed.file.size;
      if (batch.length >= batchSize || batchBytes >= BATCH_SOURCE_BYTES) {
        markPhase('persist');
        await session.persist(batch);
        markPhase('analyze'); // waiting for the workers again
        indexed += batch.length;
        batch = [];
        batchBytes = 0;
      }
    }
    markPhase('persist');
    if (batch.length > 0) {
      await session.persist(batch);
      indexed += batch.length;
    }
    await session.recordFailures(failures);
    if (plan.mode === 'full') {
      // The batches' objects are garbage now, but V8 collects only under allocation pressure, which the derived step
      // (SQL in the backend) does not create: SymPy ×4 on SQLite reached the derived step with 156 MiB of JS heap and
      // 71 MiB of array buffers (1 ×: 23 / 4), beside the backend's memory, and peaked there. One collection here,
      // when there is that much to collect: below the bound it frees little and costs a small run's CPU (mobx: 8 MiB
      // of heap, ~10 ms of process CPU, 4 % of the run).
      const { collectAbove } = await import('./full-collection.js');
      collectAbove(FULL_RUN_COLLECT_BYTES);
    }
    markPhase('derived');
    await session.rebuildDerived();
    markPhase('commit');
    const info = await session.commit(options.processExiting === true ? { processExiting: true } : undefined);
    sizeBytes = info.sizeBytes;
    if (info.identity !== undefined) {
      const files = sortByText([...kept, ...committed.values()], (entry) => entry[0]);
      writeStoredState(location, backend.name, { identity: info.identity, meta, files, walk: walked });
    }
    markPhase('close writer');
  } catch (error) {
    await analysis.return?.();
    await session.abort();
    throw error;
  } finally {
    await session.close();
  }
  return {
    ...base,
    indexed,
    reused: plan.paths.reused.length,
    deleted: plan.paths.deleted.length,
    failed: failures.map((f) => ({ path: f.file.path, reason: f.reason })),
    sizeBytes,
    elapsedMs: nowMs() - started,
  };
}
