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
import { workerData } from 'node:worker_threads';
import type { WorkerSetup } from './analysis-protocol.js';
import type { Analyzer } from './analyzer.js';
import { runAnalysisThread } from './analysis-thread.js';

const setup = workerData as WorkerSetup;
const { ANALYZERS } = (await import(setup.analyzerModule)) as { ANALYZERS: readonly Analyzer[] };
runAnalysisThread(ANALYZERS, setup);
