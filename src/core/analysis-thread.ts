/**
 * The analysis thread's work (see `analysis-worker.ts`, its entry): it analyzes the tasks its parent relays and posts
 * one outcome per file, so the pool always knows which file is in progress. Its analyzers come from its entry: the
 * ES module entry imports the module the setup names; a bundle of that module's folder may run it directly
 * (`analysis-thread-start.ts`).
 *
 * @packageDocumentation
 */
import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { analyzeFile, type AnalysisTask } from './analyze-file.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './analysis-protocol.js';
import { analyzerInventory, loadAnalyzers, type Analyzer } from './analyzer.js';
import { collectGarbage } from './full-collection.js';

/**
 * Test-only fault injection, to prove isolation through the real CLI: `CODIRA_TEST_ANALYZE_FAULT=<fault>:<path>`
 * makes the analysis of that repository-relative path crash the process (`segfault`, a real SIGSEGV), loop forever
 * (`hang`) or exhaust the heap (`allocate`). Unset: one lookup per process.
 */
const FAULT = /^(segfault|hang|allocate):(.+)$/.exec(process.env['CODIRA_TEST_ANALYZE_FAULT'] ?? '');

function injectFault(path: string): void {
  if (FAULT === null || FAULT[2] !== path) return;
  if (FAULT[1] === 'segfault') process.kill(process.pid, 'SIGSEGV');
  if (FAULT[1] === 'hang') for (;;);
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array<number>(1 << 20).fill(hoard.length));
}

/**
 * Files from this size on leave a syntax tree of ~13 MB and more in native memory (about 100 bytes per source byte).
 */
const LARGE_FILE_BYTES = 128 * 1024;

/**
 * Whether a task is a large file (by the size the scanner saw).
 *
 * @param task - A task.
 * @returns `true` from {@link LARGE_FILE_BYTES} on.
 */
function isLarge(task: AnalysisTask): boolean {
  return (task.bytes ?? 0) >= LARGE_FILE_BYTES;
}

/**
 * Whether a buffer spans its whole `ArrayBuffer` (then transferring it moves exactly these bytes).
 *
 * @param bytes - A serialized outcome.
 * @returns `true` when it may be transferred.
 */
function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
}

/**
 * A promise settled on the event loop's next turn (`node:timers/promises`' `setImmediate` without loading that module,
 * nor `node:perf_hooks` for a clock: modules a fresh thread would compile and run for these two calls).
 *
 * @returns The promise.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Milliseconds on a monotonic clock.
 *
 * @returns The clock's reading.
 */
function nowMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1000 + nanoseconds / 1e6;
}

/**
 * Run this thread as an analysis thread: analyze the tasks its parent sends with `analyzers`, one outcome per file.
 *
 * @param analyzers - The list the setup's `analyzerModule` exports.
 * @param setup - The thread's setup (its `workerData`).
 */
export function runAnalysisThread(analyzers: readonly Analyzer[], setup: WorkerSetup): void {
  // Files are analyzed one at a time, and the next starts only when the process confirms the previous outcome went out
  // to the pool: if this process dies, the pool knows exactly which file it was on.
  // The first file waits likewise for the `ready` message to go out: a parser that kills the process on its first
  // file must not look like a process that failed to start (the pool would retry the file until it gives up the run).
  const queue: { root: string; index: number; task: AnalysisTask }[] = [];
  let waiting = true;
  const next = async (): Promise<void> => {
    const item = queue.shift();
    if (item === undefined) {
      waiting = false;
      return;
    }
    waiting = true;
    // A language's parsers and walkers load on its first file (a one-file run loads one language).
    await loadAnalyzers(analyzers, [item.task.path]);
    const started = nowMs();
    injectFault(item.task.path);
    const outcome = analyzeFile(item.root, item.task, analyzers);
    if (isLarge(item.task) || (queue[0] !== undefined && isLarge(queue[0].task))) {
      // The syntax trees of this file and the files before it are garbage now; collected, they are freed when the loop
      // turns (their binding defers that), so the outcome's serialization and the next large file reuse that memory
      // instead of adding to it. A large file's tree decides an analysis process's peak.
      collectGarbage();
      await nextTurn();
    }
    const payload = serialize(outcome);
    const busyMs = nowMs() - started;
    const reply: WorkerReply = { kind: 'outcome', index: item.index, payload, busyMs };
    // The serializer's buffer is this payload's alone, so it moves to the receiving thread instead of being copied.
    parentPort?.postMessage(reply, ownsBuffer(payload) ? [payload.buffer] : []);
  };
  parentPort?.on('message', (message: WorkerRequest | 'sent' | 'close') => {
    if (message === 'sent') return void next();
    // An idle thread host is released: end by emptying the event loop, so exit hooks (`--cpu-prof`) run.
    if (message === 'close') return parentPort?.close();
    message.tasks.forEach((task, offset) => queue.push({ root: message.root, index: message.start + offset, task }));
    if (!waiting) void next();
  });
  // The pool checks the inventory against its own list before sending work.
  parentPort?.postMessage({ kind: 'ready', inventory: analyzerInventory(analyzers) } satisfies WorkerReply);
  // A host started before its run planned (see `WorkerSetup.preload`) loads the languages it will likely meet now, while
  // the run plans and opens its writer; the first file then finds them loaded (`load` runs once).
  if (setup.preload !== undefined && setup.preload.length > 0) void loadAnalyzers(analyzers, setup.preload);
}
