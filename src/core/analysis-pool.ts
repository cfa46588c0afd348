/**
 * Parallel analysis: files are handed to worker threads in small chunks (so a slow file does not idle the others),
 * and outcomes are yielded strictly in task order, so the result is the same whatever the scheduling.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeFile, type AnalysisOutcome, type AnalysisTask } from './analyze-file.js';
import type { WorkerRequest, WorkerSetup } from './analysis-worker.js';
import { analyzerInventory, type AnalyzerSet } from './analyzer.js';
import { addParallelPhase } from './phases.js';

/** Files per message: small enough to balance load, large enough to amortise messaging. */
const CHUNK = 8;

/** Below this many files, starting workers (each loads the parsers) costs more than it saves. */
const INLINE_BELOW = 48;

/**
 * Number of workers for a run.
 *
 * @param fileCount - Files to analyze.
 * @param requested - Explicit worker count (`--workers` / `CODIRA_WORKERS`); 0 analyzes inline.
 * @returns Worker threads to start (0 = analyze on the main thread).
 */
export function workerCount(fileCount: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.min(requested, fileCount));
  if (fileCount < INLINE_BELOW) return 0;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * The compiled copy of a module. Under the test runner modules are TypeScript source, which worker threads on Node 20
 * cannot load, so the copy in `dist/` (built by `npm test`) is used; compiled modules map to themselves.
 *
 * @param url - URL of a module under `src/` (source) or `dist/` (compiled).
 * @returns URL of the module a worker thread can import.
 */
function compiled(url: string): URL {
  // The last `/src/` of the path is the project's: the checkout itself may live under a `src` folder.
  return new URL(url.replace(/\/src\/(?!.*\/src\/)(.+)\.ts$/, '/dist/$1.js'));
}

/** The worker module beside this one, source or compiled like this module. */
const WORKER = import.meta.url.replace(/analysis-pool\.(ts|js)$/, 'analysis-worker.$1');

/**
 * Analyze files, yielding outcomes in task order.
 *
 * @param root - Absolute repository root.
 * @param tasks - Files to analyze, in the order outcomes must come back.
 * @param analyzers - The run's analyzers; worker threads import the same list from `analyzers.module`.
 * @param workers - Worker threads to use (0 = inline on this thread).
 * @returns An async iterator of outcomes, one per task, in task order.
 */
export async function* analyzeAll(
  root: string,
  tasks: readonly AnalysisTask[],
  analyzers: AnalyzerSet,
  workers: number,
): AsyncGenerator<AnalysisOutcome> {
  if (workers === 0) {
    for (const task of tasks) yield analyzeFile(root, task, analyzers.all);
    return;
  }
  const setup: WorkerSetup = {
    root,
    analyzerModule: compiled(analyzers.module).href,
    inventory: analyzerInventory(analyzers.all),
  };
  const results: (AnalysisOutcome | undefined)[] = new Array(tasks.length);
  let nextChunk = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const pool: Worker[] = [];
  const dispatch = (worker: Worker): void => {
    if (nextChunk >= tasks.length) return;
    const request: WorkerRequest = { start: nextChunk, tasks: tasks.slice(nextChunk, nextChunk + CHUNK) };
    nextChunk += CHUNK;
    worker.postMessage(request);
  };
  for (let i = 0; i < workers; i++) {
    const worker = new Worker(compiled(WORKER), { workerData: setup });
    const label = `analyze worker ${i + 1}`;
    worker.on('message', (reply: { start: number; outcomes: AnalysisOutcome[]; busyMs: number }) => {
      addParallelPhase(label, reply.busyMs);
      reply.outcomes.forEach((outcome, offset) => (results[reply.start + offset] = outcome));
      dispatch(worker);
      notify();
    });
    worker.on('error', (error) => {
      failure = error;
      notify();
    });
    pool.push(worker);
  }
  try {
    // Two chunks in flight per worker keep it busy while the main thread handles replies.
    for (const worker of pool) {
      dispatch(worker);
      dispatch(worker);
    }
    for (let index = 0; index < tasks.length; index++) {
      while (results[index] === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const outcome = results[index]!;
      results[index] = undefined; // release memory as soon as the consumer has it
      yield outcome;
    }
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}
