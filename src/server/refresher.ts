/**
 * Background index runs of a server, one at a time, and the freshness bookkeeping behind every answer's `pending`.
 *
 * Each relevant repository change bumps a sequence number; a run records the number it started at and, when it
 * finishes, everything up to that number is indexed. Changes are pending while the last finished run started before
 * the newest change. Changes that arrive during a run schedule one more run after it (debounced), so a burst of
 * edits costs at most two runs. Runs publish like any `codira index` process; readers switch to the result between
 * requests (see `live-index.ts`), so a run never blocks a reader.
 *
 * @packageDocumentation
 */

/** What an index run reports back (the `index` command's summary). */
export interface RunReport {
  readonly mode: string;
}

/** Performs one index run (incremental unless `full`). */
export type IndexRun<R extends RunReport> = (full: boolean) => Promise<R>;

/** Freshness as reported with every answer. */
export interface Freshness {
  /** Repository changes seen by the watcher and not yet indexed; `null` when the repository is not watched. */
  readonly pending: boolean | null;
  /** An index run is in progress. */
  readonly indexing: boolean;
  /** Message of the last failed run, cleared by the next successful one. */
  readonly lastError: string | null;
}

/** Serialises index runs and tracks which changes they covered. */
export class Refresher<R extends RunReport> {
  private seen = 0;
  private indexed = 0;
  private running: Promise<R> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  /**
   * @param run - One index run.
   * @param debounceMs - Quiet time after a change before a run starts.
   * @param watched - Whether a watcher reports changes (otherwise `pending` is unknown).
   * @param log - Where run failures are reported (stderr).
   */
  constructor(
    private readonly run: IndexRun<R>,
    private readonly debounceMs: number,
    private readonly watched: boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** Record a repository change and schedule a run after the debounce delay. */
  noteChange(): void {
    if (this.closed) return;
    this.seen++;
    this.schedule();
  }

  /**
   * Freshness now.
   *
   * @returns Pending, indexing and the last error.
   */
  freshness(): Freshness {
    return {
      pending: this.watched ? this.indexed < this.seen : null,
      indexing: this.running !== null,
      lastError: this.lastError,
    };
  }

  /**
   * Run the indexer now (after a run in progress), covering every change seen so far.
   *
   * @param full - Rebuild from scratch.
   * @returns The run's report.
   */
  async refresh(full: boolean): Promise<R> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.closed) throw new Error('the server is shutting down');
    const target = this.seen;
    const running = this.run(full);
    this.running = running;
    try {
      const report = await running;
      this.indexed = Math.max(this.indexed, target);
      this.lastError = null;
      return report;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.running = null;
      for (const wake of [...this.waiters]) wake();
    }
  }

  /**
   * Wait until every change seen before this call is indexed, or the timeout passes.
   *
   * @param timeoutMs - Longest wait.
   * @returns Whether those changes are indexed.
   */
  async settle(timeoutMs: number): Promise<boolean> {
    const target = this.seen;
    const deadline = Date.now() + timeoutMs;
    while (this.indexed < target && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
    return this.indexed >= target;
  }

  /** Stop scheduling and wait for a run in progress to finish (it commits or aborts; no writer is left behind). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    for (const wake of [...this.waiters]) wake();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) {
        // Covered by a run after the current one; reschedule so its changes get their own run.
        void this.running.finally(() => this.schedule()).catch(() => undefined);
        return;
      }
      this.refresh(false).catch((error: unknown) => {
        this.log(`background index run failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, this.debounceMs);
    this.timer.unref();
  }
}
