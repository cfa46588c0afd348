/**
 * Parallel analysis: files are handed to worker threads in small chunks (so a slow file does not idle the others),
 * and outcomes are yielded strictly in task order, so the result is the same whatever the scheduling.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeFile, type AnalysisOutcome, type AnalysisTask } from './analyze-file.js';
import type { WorkerRequest } from './analysis-worker.js';

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
 * Location of the compiled worker. Under the test runner this module is TypeScript source, which worker threads on
 * Node 20 cannot load, so the compiled copy in `dist/` (built by `npm test`) is used.
 *
 * @returns URL of the compiled worker module.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL(here.replace(/\/src\/core\/[^/]+\.ts$/, '/dist/core/analysis-worker.js'));
  return new URL('./analysis-worker.js', here);
}

/**
 * Analyze files, yielding outcomes in task order.
 *
 * @param root - Absolute repository root.
 * @param tasks - Files to analyze, in the order outcomes must come back.
 * @param workers - Worker threads to use (0 = inline on this thread).
 * @returns An async iterator of outcomes, one per task, in task order.
 */
export async function* analyzeAll(
  root: string,
  tasks: readonly AnalysisTask[],
  workers: number,
): AsyncGenerator<AnalysisOutcome> {
  if (workers === 0) {
    for (const task of tasks) yield analyzeFile(root, task);
    return;
  }
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
    const worker = new Worker(workerUrl(), { workerData: { root } });
    worker.on('message', (reply: { start: number; outcomes: AnalysisOutcome[] }) => {
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
