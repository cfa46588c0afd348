/**
 * The index a long-lived server answers from: one read session, reused by every request, replaced when a new index is
 * published.
 *
 * Each request takes a lease. Taking a lease stats the store's files (a few microseconds); when their identity
 * (device, inode, size, modification time) differs from the open session's, a writer — this server's background run
 * or any other `codira index` process — has published a new index, and a new session is opened for this and later
 * requests. The old session is retired: requests that hold a lease on it finish on it, and it is closed when the last
 * of them releases. A switch therefore happens between requests, never in the middle of one.
 *
 * @packageDocumentation
 */
import type { BackendFactory, ReadSession, StoreLocation } from '../core/contracts.js';
import { IndexUnavailableError } from '../core/errors.js';
import type { EmbeddingBlocks } from '../core/model.js';
import { Lexicon } from '../query/lexicon.js';
import { storeStamp, type StoreStamp } from '../query/status.js';

interface OpenSession {
  readonly reader: ReadSession;
  /** The reader with the session's caches in front of it. */
  readonly view: ReadSession;
  /** What `ctx` keeps in memory for this session. */
  readonly cache: SessionCache;
  /** Forget cached rows (they came from another state than the session's stamp). */
  readonly clearCache: () => void;
  readonly stamp: StoreStamp;
  readonly generation: number;
  leases: number;
  retired: boolean;
  /** The session was asked to build its resident indexes. */
  residentAsked: boolean;
}

/** What a session keeps in memory for its requests; built on first use, never changed within the session. */
export interface SessionCache {
  /** The resident copy `ctx` answers from (`null` when the index does not allow one). */
  lexicon(): Promise<Lexicon | null>;
}

/**
 * Memoise one asynchronous load; a failed load is forgotten so the next request tries again.
 *
 * @param load - The load.
 * @returns The memoised load and a way to forget its result.
 */
function memo<T>(load: () => Promise<T>): { get: () => Promise<T>; clear: () => void } {
  let value: Promise<T> | null = null;
  return {
    get: () => {
      if (!value) {
        const loading = load();
        value = loading;
        loading.catch(() => {
          if (value === loading) value = null;
        });
      }
      return value;
    },
    clear: () => (value = null),
  };
}

/**
 * The reader with the embedding matrix cached (every `ctx` and `emb` reads all of it, tens of megabytes on a large
 * repository, and within one session it never changes), and the session's resident lexicon.
 *
 * @param reader - The session's reader.
 * @returns The caching view, the cache and a way to drop both.
 */
function cachedView(reader: ReadSession): { view: ReadSession; cache: SessionCache; clear: () => void } {
  const embeddings = memo(() => reader.embeddings());
  // The cached matrix in symbol order is as good an answer as any order: `emb` requests read it, not the store.
  const anyOrder = async (): Promise<EmbeddingBlocks> => {
    const { dimension, symbolIds, vectors } = await embeddings.get();
    return { dimension, symbolIds, blocks: [vectors] };
  };
  const view = new Proxy(reader, {
    get(target, key) {
      if (key === 'embeddings') return embeddings.get;
      if (key === 'embeddingsAnyOrder') return anyOrder;
      // Scored from the cached matrix instead of the store's own scoring, which would read the store per request.
      if (key === 'nearestEmbeddings') return undefined;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const lexicon = memo(() => Lexicon.load(view));
  return {
    view,
    cache: { lexicon: lexicon.get },
    clear: () => {
      embeddings.clear();
      lexicon.clear();
    },
  };
}

/** A request's hold on one session. */
export interface Lease {
  readonly reader: ReadSession;
  readonly stamp: StoreStamp;
  /** Server-local counter, increased each time the server switches to a newly published index. */
  readonly generation: number;
  /**
   * Run a request's reads on one consistent state of the leased index (the session's snapshot when it has one).
   *
   * @param work - The request's reads, given the reader and the session's cache (`null` when the request must read
   *   the store alone).
   * @returns What `work` returns.
   */
  run<T>(work: (reader: ReadSession, cache: SessionCache | null) => Promise<T>): Promise<T>;
  /** Give the session back; safe to call more than once. */
  release(): void;
}

/** The open index of a server, switched between requests when a new one is published. */
export class LiveIndex {
  private current: OpenSession | null = null;
  private opening: Promise<OpenSession> | null = null;
  private generation = 0;
  private closed = false;
  private readonly retiring = new Set<Promise<void>>();

  /**
   * @param backend - Backend of the index.
   * @param location - Where the index lives.
   */
  constructor(
    private readonly backend: BackendFactory,
    private readonly location: StoreLocation,
  ) {}

  /**
   * Lease the session of the newest published index, opening it if it changed since the last request.
   *
   * @returns The lease; release it when the request is done.
   */
  async acquire(): Promise<Lease> {
    if (this.closed) throw new IndexUnavailableError('missing', this.location.stateDir, 'the server is shutting down');
    const session = await this.newest();
    session.leases++;
    let released = false;
    return {
      reader: session.reader,
      stamp: session.stamp,
      generation: session.generation,
      run: (work) => this.run(session, work),
      release: () => {
        if (released) return;
        released = true;
        session.leases--;
        if (session.retired && session.leases === 0) this.dispose(session);
      },
    };
  }

  /**
   * Switch now to the newest published index (called after this server published one) and let its session build its
   * resident indexes, so that the next request neither opens it nor finds them missing.
   */
  async refresh(): Promise<void> {
    if (this.closed) return;
    this.keepResident(await this.newest());
  }

  /** Generation of the open session (0 before the first request). */
  get openGeneration(): number {
    return this.current?.generation ?? 0;
  }

  private async newest(): Promise<OpenSession> {
    // Opens are serialised: concurrent requests that notice the same new index share one new session.
    while (this.opening) await this.opening.catch(() => undefined);
    const stamp = storeStamp(this.backend, this.location);
    if (this.current && stamp && stamp.identity === this.current.stamp.identity) return this.current;
    if (this.opening) return this.newest();
    this.opening = this.open(stamp);
    try {
      return await this.opening;
    } finally {
      this.opening = null;
    }
  }

  /**
   * Run a request on a session (see {@link LiveIndex.answer}), then let the session build its resident indexes.
   *
   * @param session - The leased session.
   * @param work - The request's reads.
   * @returns What `work` returns.
   */
  private run<T>(
    session: OpenSession,
    work: (reader: ReadSession, cache: SessionCache | null) => Promise<T>,
  ): Promise<T> {
    const answered = this.answer(session, work);
    void answered.finally(() => this.keepResident(session)).catch(() => undefined);
    return answered;
  }

  /**
   * The session will answer many requests: once its first request is answered, let it build its in-memory indexes,
   * in the background (so neither the first answer after start-up nor the one that noticed a switch waits for them).
   * A failed build only leaves the reads on the store.
   *
   * @param session - A session that answered a request.
   */
  private keepResident(session: OpenSession): void {
    if (session.residentAsked || session.retired) return;
    session.residentAsked = true;
    setImmediate(() => void session.reader.keepResident?.().catch(() => undefined));
  }

  /**
   * Answer a request on a session. A session whose store never changes answers from its caches. On an engine that
   * commits in place, a commit can land between the request's `stat` and its first read; the store is stat-ed again
   * inside the request's consistent view, and if it moved on, the caches are dropped and the request runs again on
   * the view alone, so an answer never mixes two states.
   *
   * @param session - The leased session.
   * @param work - The request's reads.
   * @returns What `work` returns.
   */
  private answer<T>(
    session: OpenSession,
    work: (reader: ReadSession, cache: SessionCache | null) => Promise<T>,
  ): Promise<T> {
    const { reader } = session;
    if (!reader.consistent) return work(session.view, session.cache);
    return reader.consistent(async (consistent) => {
      const result = await work(session.view, session.cache);
      if (storeStamp(this.backend, this.location)?.identity === session.stamp.identity) return result;
      session.clearCache();
      return work(consistent, null);
    });
  }

  private async open(stamp: StoreStamp | null): Promise<OpenSession> {
    if (!stamp) throw new IndexUnavailableError('missing', this.location.stateDir);
    const reader = await this.backend.openReader(this.location);
    const { view, cache, clear } = cachedView(reader);
    const session: OpenSession = {
      reader,
      view,
      cache,
      clearCache: clear,
      stamp,
      generation: ++this.generation,
      leases: 0,
      retired: false,
      residentAsked: false,
    };
    const previous = this.current;
    this.current = session;
    if (previous) {
      previous.retired = true;
      if (previous.leases === 0) this.dispose(previous);
    }
    return session;
  }

  private dispose(session: OpenSession): void {
    // Closed on a later turn of the event loop: a retired session is disposed when the request that switched away
    // from it (or its last lease) ends, before that request's answer is written, and closing blocks the thread (DuckDB
    // releases its database synchronously: 15 ms on SymPy, more under load).
    const closing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => session.reader.close())
      .catch(() => undefined);
    this.retiring.add(closing);
    void closing.finally(() => this.retiring.delete(closing));
  }

  /**
   * Stop leasing and close every session once its requests are done.
   *
   * @param waitMs - Longest time to wait for in-flight requests before closing anyway.
   */
  async close(waitMs: number): Promise<void> {
    this.closed = true;
    await this.opening?.catch(() => undefined);
    const current = this.current;
    this.current = null;
    if (current) {
      const deadline = Date.now() + waitMs;
      while (current.leases > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      current.retired = true;
      this.dispose(current);
    }
    await Promise.all([...this.retiring]);
  }
}
