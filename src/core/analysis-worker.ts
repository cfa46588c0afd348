/**
 * Worker-thread entry: analyzes the chunks of files the pool sends and posts the outcomes back, transferring the
 * embedding buffers instead of copying them.
 *
 * Analyzers are objects with methods, which cannot be posted to a thread, so the pool passes the URL of the module
 * that defines the caller's list (its `ANALYZERS` export) and the worker imports it. Core thus still names no
 * analyzer, and a test or embedder can run its own list in workers too.
 *
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile, type AnalysisTask } from './analyze-file.js';
import { analyzerInventory, type Analyzer } from './analyzer.js';
import type { AnalyzerInventoryEntry } from './model.js';

/** What the pool hands each worker when starting it. */
export interface WorkerSetup {
  /** Absolute repository root. */
  readonly root: string;
  /** URL of the module whose `ANALYZERS` export lists the run's analyzers. */
  readonly analyzerModule: string;
  /** The caller's analyzer inventory: the imported list must match it, or outcomes would differ by thread. */
  readonly inventory: readonly AnalyzerInventoryEntry[];
}

/** A chunk of work: tasks with their positions in the run's task list. */
export interface WorkerRequest {
  readonly start: number;
  readonly tasks: readonly AnalysisTask[];
}

const setup = workerData as WorkerSetup;
const { ANALYZERS: analyzers } = (await import(setup.analyzerModule)) as { ANALYZERS: readonly Analyzer[] };
if (!isDeepStrictEqual(analyzerInventory(analyzers), setup.inventory)) {
  throw new Error(`the analyzers exported by ${setup.analyzerModule} are not the ones the index run was given`);
}

parentPort?.on('message', (request: WorkerRequest) => {
  const started = performance.now();
  const outcomes = request.tasks.map((task) => analyzeFile(setup.root, task, analyzers));
  const transfer = outcomes.flatMap((o) => (o.kind === 'ok' ? [o.analyzed.embeddings.buffer as ArrayBuffer] : []));
  // busyMs feeds the phase recorder's per-worker analysis time (`analyze worker N`).
  parentPort?.postMessage({ start: request.start, outcomes, busyMs: performance.now() - started }, transfer);
});
