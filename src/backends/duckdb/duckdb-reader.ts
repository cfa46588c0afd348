/**
 * The DuckDB read session, and opening the index for it: a read-only open through the raw bindings and one cheap
 * version check. No migration, repair or write of any kind; a missing, unreadable or foreign file is an
 * {@link IndexUnavailableError}.
 *
 * Each contract call is one statement (two for edges: the edges, then the names at both ends), with the exact row
 * orders of `docs/architecture/index-semantics.md`. The queries live by family beside this file
 * (`duckdb-read-files.ts`, `-symbols.ts`, `-edges.ts`, `-embeddings.ts`); the session owns the connection and the
 * file identity they share. A long-lived session (`keepResident`, the MCP server) also keeps names, resolved edges and
 * the listing order in memory, built on a second connection, and answers from them once they are in place.
 *
 * @packageDocumentation
 */
import type { EdgeLookup, ListSymbolsOptions, ReadSession, StoreLocation } from '../../core/contracts.js';
import type { IndexMeta } from '../../core/model.js';
import { NameIndex } from './duckdb-name-index.js';
import type { NativeReadConnection } from './duckdb-native.js';
import { openActiveIndex } from './duckdb-open.js';
import { edgeRows } from './duckdb-read-edges.js';
import { embeddingMatrix } from './duckdb-read-embeddings.js';
import { failureRows, fileRows, findingRows, loadFileInfo } from './duckdb-read-files.js';
import type { DuckDbReadScope, FileInfo, ResidentIndexes } from './duckdb-read-files.js';
import { listSymbols, rankSymbols, symbolsById, symbolsByName, symbolsMatching } from './duckdb-read-symbols.js';
import { ResolvedEdges } from './duckdb-resolved-edges.js';

/**
 * Read session over an open read-only connection. Each method hands its call to the query family that answers it;
 * the row types are those families' (checked against {@link ReadSession} by `implements`).
 */
export class DuckDbReadSession implements ReadSession, DuckDbReadScope {
  private fileCache: Promise<Map<number, FileInfo>> | undefined;
  readonly resident: ResidentIndexes = {};
  private residentLoad: Promise<void> | undefined;
  /** The second connection the resident indexes are read on, while they are. */
  private background: NativeReadConnection | undefined;
  private closing = false;

  /**
   * @param db - Read-only connection to the index.
   * @param inventory - The inventory read by the version check.
   * @param views - Statements giving another connection the same tables (the overlay's views), if any.
   */
  constructor(
    readonly db: NativeReadConnection,
    private readonly inventory: IndexMeta,
    private readonly views: string | null = null,
  ) {}

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
   * @param lookup - Kind, direction and handles.
   * @returns The matching edges in the direction's order.
   */
  edges(lookup: EdgeLookup) {
    return edgeRows(this, lookup);
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
    return embeddingMatrix(this.db, this.inventory.embedder.dimension);
  }

  /**
   * Build the resident indexes on a second connection, so that requests meanwhile neither wait for the build nor hold
   * it up: the name index first (every lookup uses it), then the resolved edges, then the listing order. Each is used
   * from the moment it is in place; a failed build leaves the reads on the store.
   *
   * @returns Resolves when every index is in place.
   */
  keepResident(): Promise<void> {
    if (this.closing) return Promise.reject(new Error('the DuckDB read session is closing'));
    this.residentLoad ??= this.loadResident();
    return this.residentLoad;
  }

  private async loadResident(): Promise<void> {
    const sibling = await this.db.sibling(this.views);
    this.background = sibling;
    try {
      const steps: (() => Promise<void>)[] = [
        async () => void (this.resident.names = await NameIndex.load(sibling)),
        async () => void (this.resident.edges = await ResolvedEdges.load(sibling)),
        async () => void (this.resident.ranking = await rankSymbols(this, sibling)),
      ];
      for (const step of steps) {
        if (this.closing) throw new Error('the DuckDB read session is closing');
        await step();
      }
    } finally {
      this.background = undefined;
      sibling.close();
    }
  }

  /** Release the connection (after stopping a resident build still reading). */
  async close(): Promise<void> {
    this.closing = true;
    this.background?.interrupt();
    await this.residentLoad?.catch(() => undefined);
    this.db.close();
  }

  /** @returns File identity by handle, read on first use. */
  fileInfo(): Promise<ReadonlyMap<number, FileInfo>> {
    this.fileCache ??= loadFileInfo(this.db);
    return this.fileCache;
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
