/**
 * Worker-thread entry: analyzes the chunks of files the pool sends and posts the outcomes back, transferring the
 * embedding buffers instead of copying them.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile, type AnalysisTask } from './analyze-file.js';

/** A chunk of work: tasks with their positions in the run's task list. */
export interface WorkerRequest {
  readonly start: number;
  readonly tasks: readonly AnalysisTask[];
}

const root = (workerData as { root: string }).root;

parentPort?.on('message', (request: WorkerRequest) => {
  const outcomes = request.tasks.map((task) => analyzeFile(root, task));
  const transfer = outcomes.flatMap((o) => (o.kind === 'ok' ? [o.analyzed.embeddings.buffer as ArrayBuffer] : []));
  parentPort?.postMessage({ start: request.start, outcomes }, transfer);
});
