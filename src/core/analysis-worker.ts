/**
 * Analysis thread: runs inside each analysis process (see `analysis-process.ts`) on a thread with a large stack, so
 * deeply nested valid files do not overflow the native parsers or the recursive walkers. It analyzes the tasks the
 * process relays and posts one outcome per file, so the pool always knows which file is in progress.
 *
 * Analyzers are objects with methods, which cannot be posted across threads or processes, so the pool passes the URL
 * of the module that defines the caller's list (its `ANALYZERS` export) and the thread imports it. Core thus still
 * names no analyzer, and a test or embedder can run its own list in isolation too.
 *
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile, type AnalysisTask } from './analyze-file.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './analysis-protocol.js';
import { analyzerInventory, type Analyzer } from './analyzer.js';

const setup = workerData as WorkerSetup;
const { ANALYZERS: analyzers } = (await import(setup.analyzerModule)) as { ANALYZERS: readonly Analyzer[] };
if (!isDeepStrictEqual(analyzerInventory(analyzers), setup.inventory)) {
  throw new Error(`the analyzers exported by ${setup.analyzerModule} are not the ones the index run was given`);
}

// Files are analyzed one at a time, and the next starts only when the process confirms the previous outcome went out
// to the pool: if this process dies, the pool knows exactly which file it was on.
const queue: { index: number; task: AnalysisTask }[] = [];
let waiting = false;
const next = (): void => {
  const item = queue.shift();
  if (item === undefined) {
    waiting = false;
    return;
  }
  waiting = true;
  const started = performance.now();
  const outcome = analyzeFile(setup.root, item.task, analyzers);
  const busyMs = performance.now() - started;
  parentPort?.postMessage({ kind: 'outcome', index: item.index, outcome, busyMs } satisfies WorkerReply);
};
parentPort?.on('message', (message: WorkerRequest | 'sent') => {
  if (message === 'sent') return next();
  message.tasks.forEach((task, offset) => queue.push({ index: message.start + offset, task }));
  if (!waiting) next();
});
parentPort?.postMessage({ kind: 'ready' } satisfies WorkerReply);
