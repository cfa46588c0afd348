/**
 * Index runs of `codira mcp` on a thread of their own. A run's writer work (SQLite statements, DuckDB appends, the
 * memory snapshot) is synchronous in places; on the server's thread it would hold up every request for that long. On
 * this thread the server keeps answering from the previous index until the run publishes. The thread lives as long
 * as the server, so modules load once, and runs are one at a time (the refresher serialises them).
 *
 * The same file is the thread's entry: it runs `indexRepository`, the function behind `codira index`.
 *
 * A watching server keeps one analysis process between runs (`residentAnalysis`), so a refresh neither waits for a
 * process to start nor analyzes in a cold one: each run takes it and gives it back idle, with its analyzers loaded and
 * compiled (a fresh process analyzed SymPy's 270 KB `utility_function.py` in 270–470 ms at load 6, a warm one in
 * about half; issue 14's ledger, sessions 14 and 17). A process serves any small run, also one whose file needs a
 * process (over the hazard size), with the usual time and heap budgets; one that died in a run (a crash, a timeout)
 * is replaced after it, and every `RESIDENT_RUNS` runs a fresh one starts.
 *
 * @packageDocumentation
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ResidentAnalysis } from '../core/analysis-spawn.js';
import type { IndexReport } from '../core/indexer.js';
import { traceEvent } from '../core/phases.js';
import type { GlobalArgs } from './context.js';

/** A run's report without the path sets (what `codira index --json` prints). */
export type IndexSummary = Omit<IndexReport, 'paths'>;

/** What the thread is started with. */
interface ThreadData {
  readonly args: GlobalArgs & { readonly workers?: number };
  readonly keepHostReady: boolean;
}

type Reply = { readonly id: number } & (
  { readonly ok: true; readonly report: IndexSummary } | { readonly ok: false; readonly message: string }
);

/** Runs index runs on a dedicated thread. */
export class IndexThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private nextId = 0;

  /**
   * @param args - Where, which backend and `--workers`, as for `codira index`.
   * @param keepHostReady - Keep an analysis process ready for the next run (a watching server).
   */
  constructor(
    private readonly args: GlobalArgs & { readonly workers?: number },
    private readonly keepHostReady = false,
  ) {}

  /**
   * The thread, started on the first run (a server that never indexes never pays for it).
   *
   * @returns The running thread.
   */
  private thread(): Worker {
    if (this.worker) return this.worker;
    const { path, backend, workers } = this.args;
    const worker = new Worker(new URL(import.meta.url), {
      workerData: {
        args: { path, 'output-dir': this.args['output-dir'], backend, workers },
        keepHostReady: this.keepHostReady,
      } satisfies ThreadData,
    });
    worker.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    worker.on('error', (error) => this.failAll(error.message));
    worker.on('exit', () => {
      this.worker = null;
      this.failAll('the index thread stopped');
    });
    this.worker = worker;
    return worker;
  }

  /**
   * Run the indexer.
   *
   * @param full - Rebuild from scratch.
   * @returns The run's summary.
   */
  run(full: boolean): Promise<IndexSummary> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.ok ? resolve(reply.report) : reject(new Error(reply.message))));
      this.thread().postMessage({ id, full });
    });
  }

  /** Stop the thread (call when no run is in progress). */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  private failAll(message: string): void {
    for (const settle of this.pending.values()) settle({ id: -1, ok: false, message });
    this.pending.clear();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { args, keepHostReady } = workerData as ThreadData;
  // Runs that analyze in this thread (`--workers 0`, `$CODIRA_WORKERS=0`) never take a host.
  const workersFromEnv = process.env['CODIRA_WORKERS'] ?? '';
  const isolated =
    args.workers !== undefined ? args.workers !== 0 : workersFromEnv === '' || Number(workersFromEnv) !== 0;
  let resident: ResidentAnalysis | null = null;
  /** Have the resident host waiting for the next run: a new one when the last run did not give it back. */
  const keepReady = async (): Promise<void> => {
    if (!keepHostReady || !isolated) return;
    if (resident?.available !== true) {
      resident?.end();
      traceEvent('resident host start');
      resident = await (await import('./analysis-prestart.js')).residentIndexAnalysis();
    }
    resident.offer();
  };
  port.on('message', async ({ id, full }: { id: number; full: boolean }) => {
    try {
      traceEvent('thread run start');
      const { indexRepository } = await import('./commands/index-command.js');
      const { paths: _paths, ...report } = await indexRepository(args, full);
      traceEvent('thread run end');
      port.postMessage({ id, ok: true, report } satisfies Reply);
    } catch (error) {
      port.postMessage({
        id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies Reply);
    }
    await keepReady().catch(() => undefined); // a host that cannot start now fails the next run, which reports it
  });
}
