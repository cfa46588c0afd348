/**
 * The write session handed to core: a thin shell that loads the writer's modules (`@duckdb/node-api`,
 * `apache-arrow`; about half a second of module loading) only when a run starts.
 *
 * `prepare` starts loading and setting up storage in the background and returns at once, so core's analysis overlaps
 * it (for a one-file incremental run the module load is most of the writer's cost); the first `persist` (or any later
 * call) waits for it and surfaces its errors, such as an active index of another version.
 *
 * @packageDocumentation
 */
import type { CommitInfo, IndexSessionOptions, WriteSession, WriteSessionCommitOptions } from '../../core/contracts.js';
import type { AnalyzedFile, FailedFile } from '../../core/model.js';

/** Write session whose implementation is loaded lazily; see the module documentation. */
export class DeferredDuckDbSession implements WriteSession {
  private session: WriteSession | undefined;
  private ready: Promise<WriteSession> | undefined;

  /**
   * @param options - Session options from core.
   */
  constructor(private readonly options: IndexSessionOptions) {}

  /** Start the preparation of storage in the background. */
  async prepare(): Promise<void> {
    this.ready = (async () => {
      const { createDuckDbWriteSession } = await import('./duckdb-writer.js');
      this.session = createDuckDbWriteSession(this.options);
      await this.session.prepare();
      return this.session;
    })();
    // Observed by the next call; a rejection must not be reported as unhandled in between.
    this.ready.catch(() => undefined);
  }

  /**
   * @param batch - Analyzed files.
   */
  async persist(batch: readonly AnalyzedFile[]): Promise<void> {
    await (await this.started()).persist(batch);
  }

  /**
   * @param failures - Failed files.
   */
  async recordFailures(failures: readonly FailedFile[]): Promise<void> {
    await (await this.started()).recordFailures(failures);
  }

  /** Rebuild derived state. */
  async rebuildDerived(): Promise<void> {
    await (await this.started()).rebuildDerived();
  }

  /**
   * Commit (see `WriteSession.commit`).
   *
   * @param options - Passed on to the writer (an exiting process: the writer may leave its release to the exit).
   * @returns Size of the committed index.
   */
  async commit(options?: WriteSessionCommitOptions): Promise<CommitInfo> {
    return (await this.started()).commit(options);
  }

  /** Discard the run, including a preparation still in flight. */
  async abort(): Promise<void> {
    await this.ready?.catch(() => undefined);
    await this.session?.abort();
  }

  /** Release resources. */
  async close(): Promise<void> {
    await this.ready?.catch(() => undefined);
    await this.session?.close();
  }

  private started(): Promise<WriteSession> {
    if (!this.ready) throw new Error('WriteSession used before prepare()');
    return this.ready;
  }
}
