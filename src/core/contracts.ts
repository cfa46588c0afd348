/**
 * The storage backend contract.
 *
 * A backend is reached only through a {@link BackendFactory} registered by name; core, query and bench code import
 * this file and never a concrete backend. The contract has two halves with different expectations:
 *
 * - {@link ReadSession}: opened by every frequent command (`sym`, `calls`, `ctx`, …) and by the planner of
 *   `codira index`. It is cheap and strictly read-only: no schema repair, no migration, no derived-index rebuild, no
 *   writer setup. An index that is missing, corrupt or of another {@link CONTRACT_VERSION} is reported with
 *   {@link IndexUnavailableError}; it is never repaired on this path.
 * - {@link WriteSession}: returned by {@link BackendFactory.beginIndexSession}; it owns all mutation of one index run
 *   until `commit`, `abort` or `close`.
 *
 * Row order, path prefixes, lexical matching and derived state (resolution, metrics) are specified in
 * `docs/architecture/index-semantics.md`; "symbol order" means (path, start line, qualified name, kind).
 *
 * Backends must give query-equivalent results: for the same repository state, every read method returns the same
 * rows (ids aside) on every first-party backend. The contract test suite in `test/contract/` is the acceptance bar.
 *
 * @packageDocumentation
 */
import type { StoredFieldWords } from './field-words.js';
import type {
  AnalyzedFile,
  EdgeDirection,
  EdgeKind,
  EdgeEnds,
  EdgeRow,
  EmbeddingBlocks,
  EmbeddingMatrix,
  FailedFile,
  FileRecord,
  FindingRow,
  IndexMeta,
  NearestEmbeddings,
  RankedSymbolRow,
  SymbolMetricsRow,
  SymbolCard,
  SymbolRow,
  SymbolOutline,
} from './model.js';

export { CONTRACT_VERSION } from './model.js';

/**
 * Engine differences that core reads; core never branches on a backend's name. A flag belongs here only if core
 * behaves differently on it: what every backend must do (e.g. publish a full run atomically, so a concurrent reader
 * sees the old or the new index) is a rule of {@link WriteSession}, not a flag.
 */
export interface BackendCapabilities {
  /**
   * Number of analyzed files core hands to {@link WriteSession.persist} per call (the indexer's batch size): larger
   * batches mean fewer round trips, smaller ones less memory held between analysis and storage. 256 in every
   * first-party backend.
   */
  readonly preferredBatchSize: number;
}

/** Name of the state directory an index lives in, under the output directory (the repository root by default). */
export const STATE_DIR_NAME = '.codira';

/** Where an index lives. */
export interface StoreLocation {
  /** Absolute path of the repository root being indexed (paths in the index are relative to it). */
  readonly repoRoot: string;
  /** Absolute path of the state directory, `<output-dir>/.codira` ({@link STATE_DIR_NAME}). */
  readonly stateDir: string;
}

/** The three sets an incremental run is built from; every scanned or previously stored path is in exactly one. */
export interface PathSets {
  /** Added or modified files to (re-)analyze, sorted. */
  readonly changed: readonly string[];
  /** Previously indexed (or failed) files that no longer exist, sorted. */
  readonly deleted: readonly string[];
  /** Unchanged files whose stored rows are kept as they are, sorted. */
  readonly reused: readonly string[];
}

/** Options for {@link BackendFactory.beginIndexSession}. */
export interface IndexSessionOptions {
  readonly location: StoreLocation;
  /** `full` may rebuild or replace storage wholesale; `incremental` applies {@link IndexSessionOptions.paths}. */
  readonly mode: 'full' | 'incremental';
  /** Path sets of the run; for `full`, `changed` holds every file and the others are empty. */
  readonly paths: PathSets;
  /** Inventory written with the index at commit. */
  readonly meta: IndexMeta;
}

/** Figures a backend reports at commit. */
export interface CommitInfo {
  /** Size in bytes of the committed store (all files that make up the index). */
  readonly sizeBytes: number;
  /**
   * The {@link BackendFactory.storeIdentity} of the state this run committed, when the writer can prove it (e.g. the
   * identity of its staged file, taken before the rename that published it). Absent when it cannot: another run may
   * have committed since, and a wrong identity here would let a later no-op trust a snapshot of the wrong state.
   */
  readonly identity?: string;
}

/**
 * All mutation of one index run. Core calls, in order: `prepare`, `persist` (any number of batches, files sorted by
 * path across batches), `recordFailures`, `rebuildDerived`, `commit`; on any error `abort`; always `close`.
 * Nothing is visible to readers before `commit` returns.
 */
export interface WriteSession {
  /**
   * Prepare storage. Full: create an empty store to build into (a temporary file for file-backed engines).
   * Incremental: open the active store for writing and set up staging for the run.
   */
  prepare(): Promise<void>;
  /** Persist one batch of analyzed files (full: new files; incremental: replacements for `changed` paths). */
  persist(batch: readonly AnalyzedFile[]): Promise<void>;
  /**
   * Record the files that failed in this run. A failed file leaves no symbol, edge, reference, finding or embedding
   * rows; in an incremental run its previous rows are removed. Failures are stored so an unchanged failing file does
   * not force a writer on the next run.
   */
  recordFailures(failures: readonly FailedFile[]): Promise<void>;
  /** Rebuild derived state (call and reference resolution, fan-in/fan-out) for everything the run touched. */
  rebuildDerived(): Promise<void>;
  /**
   * Make the run visible atomically, writing the inventory from the options: a concurrent reader sees the old or the
   * new index, never a partial one (file-backed backends publish a staged file with `src/backends/publish.ts`).
   */
  commit(options?: WriteSessionCommitOptions): Promise<CommitInfo>;
  /** Discard everything the run wrote; the previously committed index stays as it was. */
  abort(): Promise<void>;
  /** Release resources; safe to call after `commit` or `abort`, and more than once. */
  close(): Promise<void>;
}

/** Options for {@link WriteSession.commit}. */
export interface WriteSessionCommitOptions {
  /**
   * The caller ends the process soon after `close`, possibly without running native finalizers (`process.exit`), as
   * a one-shot CLI `index` does. A session may then leave to the exit what the operating system releases anyway
   * (memory, file handles, locks) — never anything the published index needs: `commit` still writes, syncs and
   * publishes it in full before it returns. If the process lives on after all, what was left is released when the
   * session's native handles are finalized. Answers never depend on it.
   */
  readonly processExiting?: boolean;
}

/** Options for {@link ReadSession.listSymbols}. */
export interface ListSymbolsOptions {
  /** Only symbols in files whose path starts with this prefix. */
  readonly pathPrefix?: string;
  /** Only symbols of these kinds. */
  readonly kinds?: readonly string[];
  /** At most this many rows (after ordering). */
  readonly limit?: number;
}

/** Arguments of {@link ReadSession.edges}. */
export interface EdgeLookup {
  /** Call edges or callable references. */
  readonly kind: EdgeKind;
  /** Whether `ids` are the edges' owners (`from`) or their resolved targets (`to`). */
  readonly direction: EdgeDirection;
  /** Symbol handles, one batch. */
  readonly ids: readonly number[];
  /**
   * Only edges whose target is resolved (`targetId` not `null`), in the same order: what `edges` returns, filtered.
   * A `to` lookup has only such edges anyway.
   */
  readonly resolvedOnly?: boolean;
}

/**
 * Cheap read-only access for queries and planning. Every method returns rows in the order its doc gives, so output
 * is identical across backends. All list arguments are batches: query producers make one call per step, not one
 * per row.
 */
export interface ReadSession {
  /** The stored inventory. */
  meta(): Promise<IndexMeta>;
  /** Every indexed file, ordered by path. */
  files(): Promise<readonly FileRecord[]>;
  /** Every stored failure, ordered by path. */
  failures(): Promise<readonly FailedFile[]>;
  /** Symbols whose short name or qualified name equals one of `names`, in symbol order. */
  symbolsByName(names: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]>;
  /** Symbols by handle, in symbol order. Unknown ids are skipped. */
  symbolsById(ids: readonly number[]): Promise<readonly SymbolRow[]>;
  /**
   * Optional: the outlines ({@link SymbolOutline}) of the rows {@link ReadSession.symbolsById} returns for `ids`, in
   * the same order, with the same field values. For a store where the other fields (signature, docstring, short name)
   * cost most of a read by handle — a column store decodes a text column's vectors for every row it picks out — so a
   * caller ranking many candidates reads those only for the rows it prints (`ctx`). Without it, callers use
   * `symbolsById`.
   */
  symbolOutlinesById?(ids: readonly number[]): Promise<readonly SymbolOutline[]>;
  /**
   * Optional: the cards ({@link SymbolCard}: outline, signature and docstring) of the rows
   * {@link ReadSession.symbolsById} returns for `ids`, in the same order, with the same field values — for the same
   * kind of store as {@link ReadSession.symbolOutlinesById}, where the short name is one more text column to decode
   * (`ctx` prints cards). Without it, callers use `symbolsById`.
   */
  symbolCardsById?(ids: readonly number[]): Promise<readonly SymbolCard[]>;
  /**
   * Symbols whose name, qualified name or docstring contains one of `terms` (lower-case; matched case-insensitively),
   * in symbol order. Used for lexical candidate generation.
   */
  symbolsMatching(terms: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]>;
  /**
   * The stored word lists (`core/field-words.ts`) of every file under `pathPrefix` that has symbols, in no particular
   * order: what `ctx`'s lexical signal reads instead of the symbols' texts. A file's lists are those
   * `fieldWordsOf` gives for its symbols in file order, whichever run wrote the file.
   *
   * With `searches` (lower-case ASCII letters and digits), a store may leave out files that cannot match: it must
   * return at least every file with an irregular field or a word whose JavaScript lower-casing contains one of them;
   * returning more is allowed (the memory reference returns every file).
   */
  fieldWords(pathPrefix?: string, searches?: readonly string[]): Promise<readonly StoredFieldWords[]>;
  /**
   * Symbols with metrics, ordered by fan-in descending, fan-out descending, qualified name, path, start line
   * (text compared by code point), then limited.
   */
  listSymbols(options: ListSymbolsOptions): Promise<readonly SymbolMetricsRow[]>;
  /**
   * The rows {@link ReadSession.listSymbols} gives for the same options, in its order, each cut to the fields a listing
   * shows ({@link RankedSymbolRow}): a store may then leave every other column unread (`symlist`).
   */
  rankSymbols(options: ListSymbolsOptions): Promise<readonly RankedSymbolRow[]>;
  /**
   * Edges of one kind with one end among `ids`, in the order of the direction (text compared by code point):
   *
   * - `from` (edges owned by `ids`): path, line, target text;
   * - `to` (edges resolved to `ids`; unresolved edges never match): path, line, owner qualified name.
   *
   * Ties keep the analyzer's order within the file. Empty `ids` give no rows.
   */
  edges(lookup: EdgeLookup): Promise<readonly EdgeRow[]>;
  /**
   * Optional: the call edges at `ids` in both directions without the names at their ends ({@link EdgeEnds}) — `from`
   * the rows `edges({ kind: 'call', direction: 'from', ids, resolvedOnly: true })` gives and `to` those of
   * `edges({ kind: 'call', direction: 'to', ids })`, each in that order, cut to handles, path and line. For a store
   * where naming the ends costs statements of their own (`ctx` walks its strong hits' neighbours by handle and reads
   * their rows afterwards). Without it, callers use `edges`.
   */
  callEdgeEnds?(
    ids: readonly number[],
  ): Promise<{ readonly from: readonly EdgeEnds[]; readonly to: readonly EdgeEnds[] }>;
  /** Audit findings in files under `pathPrefix`, ordered by path, line, rule, symbol. */
  findings(pathPrefix?: string): Promise<readonly FindingRow[]>;
  /** Every stored embedding, rows in symbol order. */
  embeddings(): Promise<EmbeddingMatrix>;
  /**
   * The rows of {@link ReadSession.embeddings} (each vector with its symbol handle, bit-identical) in the order the
   * store reads fastest, in blocks the store need not copy: unspecified, and free to differ between backends and
   * after an incremental run. For a
   * one-shot consumer that ranks rows by score and orders its ties by symbol order itself (`nearestSymbols`), so a
   * query need not sort every symbol to score the vectors.
   */
  embeddingsAnyOrder(): Promise<EmbeddingBlocks>;
  /**
   * Optional: the embedding similarity scored in the store, for a store that can score without handing every vector
   * over. Returns at least every row whose dot product with `query` is positive and at least the `n`-th largest
   * positive one minus 2·10⁻⁶ (every positive row when fewer than `n` are), each with its dot product summed exactly
   * as JavaScript sums it — over the query's non-zero dimensions in ascending order, each product
   * `double(stored float32) × double(query float32)`, added left to right from the first — so the bits are those of
   * `scoreBlocks`; more rows are allowed. Rounded to the ranked precision, these rows hold every row that can take one
   * of the first `n` ranks and its ties. Throws `EMBEDDER_MISMATCH` as the JavaScript path does. Without it, callers
   * score {@link ReadSession.embeddingsAnyOrder} (the memory reference).
   */
  nearestEmbeddings?(query: Float32Array, n: number): Promise<NearestEmbeddings>;
  /**
   * Run `work` on one consistent state of the index: every read inside sees the same committed index even if a writer
   * commits meanwhile, and concurrent `consistent` calls may share that state. Optional: a session whose store is never
   * modified in place (a new index is published by renaming a new file over the old one, and the session keeps
   * reading the file it opened) is a snapshot already, and callers then run `work` on the session directly.
   */
  consistent?<T>(work: (reader: ReadSession) => Promise<T>): Promise<T>;
  /**
   * Told by a caller that keeps the session open for many requests (the MCP server): build, in the background, the
   * in-memory indexes that make later reads cheaper. Reads made meanwhile are not delayed and answer from the store;
   * every answer is the same before and after. Resolves when the indexes are in place (callers need not wait).
   * Optional: a session without such indexes has nothing to do.
   */
  keepResident?(): Promise<void>;
  /**
   * Release the connection.
   *
   * @param options - `processExiting`: the caller ends the process right after this, without running native
   *   finalizers (`process.exit`), as a one-shot CLI read command does. A session may then leave to the exit what the
   *   operating system releases anyway (memory, file handles, file locks): a read session never has anything to write.
   *   Either way the caller does not use the session again; if the process lives on after all, what was left is
   *   released when the session's native handles are finalized. Answers never depend on it.
   */
  close(options?: ReadSessionCloseOptions): Promise<void>;
}

/** Options for {@link ReadSession.close}. */
export interface ReadSessionCloseOptions {
  readonly processExiting?: boolean;
}

/** A storage engine, registered by name. */
export interface BackendFactory {
  /** Registry name, e.g. `sqlite`. */
  readonly name: string;
  /** Engine and storage-layout version; part of the runtime inventory, so a change forces a full rebuild. */
  readonly version: string;
  readonly capabilities: BackendCapabilities;
  /** Paths of the files that make up the active index (for size reports and read-only checks). */
  storeFiles(location: StoreLocation): readonly string[];
  /**
   * A cheap identity of the committed index, from `stat` of its files only: no engine library is loaded and no store
   * file is opened. It must change whenever the committed index changes (a publish, an in-place commit), and is
   * `null` when the state is uncertain (no index, a write in progress). A warm no-op trusts the stored-state snapshot
   * (`src/core/stored-state.ts`) only while this equals the identity its writer recorded. Optional: without it every
   * run reads the stored state through {@link BackendFactory.openReader}.
   */
  storeIdentity?(location: StoreLocation): string | null;
  /**
   * Open the active index read-only. Throws {@link IndexUnavailableError} when it is missing, unreadable, or of
   * another contract version. Never repairs, migrates or writes.
   */
  openReader(location: StoreLocation): Promise<ReadSession>;
  /** Start the single write session of an index run. */
  beginIndexSession(options: IndexSessionOptions): Promise<WriteSession>;
}

export { IndexUnavailableError } from './errors.js';
