/**
 * The DuckDB read session, and opening the index for it: a read-only open through the raw bindings and one cheap
 * version check. No migration, repair or write of any kind; a missing, unreadable or foreign file is an
 * {@link IndexUnavailableError}.
 *
 * Each contract call is one statement (two for edges: the edges, then the names at both ends), with the exact row
 * orders of `docs/architecture/index-semantics.md`. The queries live by family beside this file
 * (`duckdb-read-files.ts`, `-symbols.ts`, `-edges.ts`, `-embeddings.ts`); the session owns the connection and the
 * file identity they share. A long-lived session (`keepResident`, the MCP server) also keeps names, resolved edges and
 * the listing order in memory (`duckdb-resident.ts`), and answers from them once they are in place.
 *
 * @packageDocumentation
 */
import type {
  EdgeLookup,
  ListSymbolsOptions,
  ReadSession,
  ReadSessionCloseOptions,
  StoreLocation,
} from '../../core/contracts.js';
import type { IndexMeta } from '../../core/model.js';
import { traceEvent } from '../../core/phases.js';
import type { NativeReadConnection } from './duckdb-native.js';
import { openActiveIndex } from './duckdb-open.js';
import { callEdgeEnds, edgeRows } from './duckdb-read-edges.js';
import { symbolCardsById, symbolOutlinesById } from './duckdb-read-outlines.js';
import { failureRows, fileRows, findingRows, loadFileInfo } from './duckdb-read-files.js';
import type { DuckDbReadScope, FileInfo, ResidentIndexes } from './duckdb-read-files.js';
import {
  listSymbols,
  rankSymbols,
  rankingOrder,
  symbolsById,
  symbolsByName,
  symbolsMatching,
} from './duckdb-read-symbols.js';
import { ResidentLoader, type ResidentName } from './duckdb-resident.js';

/**
 * Read session over an open read-only connection. Each method hands its call to the query family that answers it;
 * the row types are those families' (checked against {@link ReadSession} by `implements`).
 */
export class DuckDbReadSession implements ReadSession, DuckDbReadScope {
  private fileCache: Promise<Map<number, FileInfo>> | undefined;
  /** File identity read so far by a one-shot session (see {@link DuckDbReadSession.fileInfo}). */
  private readonly filesRead = new Map<number, FileInfo>();
  readonly resident: ResidentIndexes = {};
  private readonly loader: ResidentLoader;

  /**
   * @param db - Read-only connection to the index.
   * @param inventory - The inventory read by the version check.
   * @param views - Statements giving another connection the same tables (the overlay's views), if any.
   */
  constructor(
    readonly db: NativeReadConnection,
    private readonly inventory: IndexMeta,
    views: string | null = null,
  ) {
    this.loader = new ResidentLoader(db, views, this.resident, {
      // Loaded with the first build: a one-shot query never builds one, and each module costs its load (issue 12).
      names: async (on) => (await import('./duckdb-name-index.js')).NameIndex.load(on),
      edges: async (on) => (await import('./duckdb-resolved-edges.js')).ResolvedEdges.load(on),
      ranking: (on) => rankingOrder(this, on),
    });
  }

  /** @returns The stored inventory. */
  async meta(): Promise<IndexMeta> {
    return this.inventory;
  }

  /** @returns Indexed files by path. */
  files() {
    return fileRows(this.db);
  }

  /** @returns Stored failures by path. */
  failures() {
    return failureRows(this.db);
  }

  /**
   * @param names - Short or qualified names.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Matching symbols in symbol order.
   */
  symbolsByName(names: readonly string[], pathPrefix?: string) {
    return symbolsByName(this, names, pathPrefix);
  }

  /**
   * @param ids - Symbol handles.
   * @returns Those symbols in symbol order.
   */
  symbolsById(ids: readonly number[]) {
    return symbolsById(this, ids);
  }

  /**
   * @param ids - Symbol handles.
   * @returns Their outlines in symbol order, read without the text columns a ranking does not need.
   */
  symbolOutlinesById(ids: readonly number[]) {
    return symbolOutlinesById(this, ids);
  }

  /**
   * @param ids - Symbol handles.
   * @returns Their cards (outline, signature, docstring) in symbol order.
   */
  symbolCardsById(ids: readonly number[]) {
    return symbolCardsById(this, ids);
  }

  /**
   * @param terms - Lower-case terms.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Symbols whose name, qualified name or docstring contains a term, in symbol order.
   */
  symbolsMatching(terms: readonly string[], pathPrefix?: string) {
    return symbolsMatching(this, terms, pathPrefix);
  }

  /**
   * @param options - Filters and limit.
   * @returns Symbols with metrics, most connected first.
   */
  listSymbols(options: ListSymbolsOptions) {
    return listSymbols(this, options);
  }

  /**
   * @param options - Filters and limit.
   * @returns The listing's rows cut to their ranked fields.
   */
  rankSymbols(options: ListSymbolsOptions) {
    return rankSymbols(this, options);
  }

  /**
   * @param lookup - Kind, direction and handles.
   * @returns The matching edges in the direction's order.
   */
  edges(lookup: EdgeLookup) {
    return edgeRows(this, lookup);
  }

  /**
   * @param ids - Symbol handles.
   * @returns Resolved call edges from them and call edges to them, without end names, each in its direction's order.
   */
  callEdgeEnds(ids: readonly number[]) {
    return callEdgeEnds(this, ids);
  }

  /**
   * @param pathPrefix - Optional literal path prefix.
   * @returns Findings by path, line, rule, symbol.
   */
  findings(pathPrefix?: string) {
    return findingRows(this, pathPrefix);
  }

  /** @returns Every embedding, rows in symbol order. */
  embeddings() {
    return import('./duckdb-read-embeddings.js').then(({ embeddingMatrix }) =>
      embeddingMatrix(this.db, this.inventory.embedder.dimension),
    );
  }

  /**
   * @param pathPrefix - Optional literal path prefix.
   * @param searches - The query's search strings: files that cannot match are left out.
   * @returns The stored word lists of the files under it.
   */
  fieldWords(pathPrefix?: string, searches?: readonly string[]) {
    return import('./duckdb-read-embeddings.js').then(({ storedFieldWords }) =>
      storedFieldWords(this.db, pathPrefix, searches),
    );
  }

  /** @returns Every embedding with its handle, rows in storage order. */
  embeddingsAnyOrder() {
    return import('./duckdb-read-embeddings.js').then(({ storedEmbeddings }) =>
      storedEmbeddings(this.db, this.inventory.embedder.dimension),
    );
  }

  /**
   * @param query - L2-normalised query vector.
   * @param n - Ranks wanted.
   * @returns The rows that can rank, scored in the engine.
   */
  nearestEmbeddings(query: Float32Array, n: number) {
    return import('./duckdb-read-embeddings.js').then(({ nearestEmbeddings }) =>
      nearestEmbeddings(this.db, this.inventory.embedder.dimension, query, n),
    );
  }

  /**
   * The session is long-lived: build its resident indexes in the background (`duckdb-resident.ts`), the name index at
   * once and the others on first demand.
   *
   * @returns Resolves when the name index is in place.
   */
  keepResident(): Promise<void> {
    return this.loader.start();
  }

  /**
   * @param name - A resident index a read would have used; built in the background if the session is long-lived.
   */
  wantResident(name: ResidentName): void {
    void this.loader.want(name);
  }

  /** @returns Resolves when every resident index asked for so far is built (or failed). */
  residentSettled(): Promise<void> {
    return this.loader.settled();
  }

  /**
   * Release the connection (after stopping a resident build still reading).
   *
   * @param options - With `processExiting`, the database is left open for the exit to release: closing it frees every
   *   catalog entry and flushes DuckDB's allocator (~2 ms of CPU), work an exiting process need not do (issue 12,
   *   session 22). The file is open read-only, so nothing is lost.
   */
  async close(options?: ReadSessionCloseOptions): Promise<void> {
    await this.loader.close();
    if (options?.processExiting) {
      this.db.leaveToExit();
      traceEvent('duckdb read session left to the exit');
    } else {
      this.db.close();
    }
  }

  /**
   * File identity by handle: every file, read once and kept. Given the handles a read needs, a session that has not
   * read every file and is not long-lived reads those alone: a one-shot lookup needs a few files, and decoding all of
   * them was half of a `sym`'s query time (SymPy: ~9 of 20 ms CPU, issue 12 session 14).
   *
   * @param ids - The file handles the caller needs, if it knows them.
   * @returns File identity covering at least `ids` (every file when `ids` is absent).
   */
  fileInfo(ids?: readonly number[]): Promise<ReadonlyMap<number, FileInfo>> {
    if (ids !== undefined && this.fileCache === undefined && !this.loader.longLived) return this.someFiles(ids);
    this.fileCache ??= loadFileInfo(this.db);
    return this.fileCache;
  }

  /**
   * The identity of some files, each read once per session: a later read asks only for files no earlier one read (a
   * `calls` lookup's edges lie in the file of the symbol it found, so their files cost no second statement).
   *
   * @param ids - File handles.
   * @returns Identity of those of `ids` that exist.
   */
  private async someFiles(ids: readonly number[]): Promise<ReadonlyMap<number, FileInfo>> {
    const missing = ids.filter((id) => !this.filesRead.has(id));
    if (missing.length > 0) for (const [id, info] of await loadFileInfo(this.db, missing)) this.filesRead.set(id, info);
    return new Map(
      ids.flatMap((id): [number, FileInfo][] => {
        const info = this.filesRead.get(id);
        return info === undefined ? [] : [[id, info]];
      }),
    );
  }
}

/**
 * Open the active index read-only (the base, and its overlay when one applies: see `duckdb-open.ts`).
 *
 * @param location - Where the index lives.
 * @returns A read session.
 */
export async function openDuckDbReader(location: StoreLocation): Promise<ReadSession> {
  const { connection, meta, views } = await openActiveIndex(location);
  return new DuckDbReadSession(connection, meta, views);
}
