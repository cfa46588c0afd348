/**
 * Analysis process entry: one per pool slot. It runs the analysis thread (`analysis-worker.ts`) with a large stack
 * and a heap budget and relays messages between the pool and the thread. Being a separate process is the point: a
 * parser that crashes (a native segmentation fault), loops or exhausts memory takes down only this process, and the
 * pool reports the file it was analyzing and starts a new one.
 *
 * @packageDocumentation
 */
import { OUT_OF_MEMORY_EXIT, type WorkerReply, type WorkerRequest, type WorkerSetup } from './analysis-protocol.js';
import { startAnalysisWorker } from './analysis-thread-start.js';
import { collectGarbage } from './full-collection.js';

/** A relayed outcome from this size on is collected as soon as it is sent (see the message handler). */
const LARGE_PAYLOAD_BYTES = 1024 * 1024;

/** Native stack of the analysis thread in MiB: deep valid nesting must not overflow the parsers. Reserved, not used. */
const STACK_MB = 64;

// The pool going away (its run ended, failed or was killed) ends this process too. A pool killed while this process
// started may have closed the channel before the listener existed, and the thread would keep an orphan alive: check
// now, and every second.
process.on('disconnect', () => process.exit(0));
if (!process.connected) process.exit(0);
setInterval(() => {
  if (!process.connected) process.exit(0);
}, 1000).unref();

const setup = JSON.parse(process.argv[2] ?? '{}') as WorkerSetup;
const thread = startAnalysisWorker(new URL('./analysis-worker.js', import.meta.url), setup, {
  stackSizeMb: STACK_MB,
  maxOldGenerationSizeMb: setup.memoryMb,
});
// The thread starts its next file only once this reply (ready or outcome) is handed to the pool's channel (see analysis-worker.ts).
thread.on('message', (reply: WorkerReply) =>
  process.send?.(reply, undefined, undefined, () => {
    // A relayed outcome's bytes are garbage once sent, but this thread allocates almost nothing, so V8 would collect
    // them only after tens of megabytes of them piled up beside the analysis thread's work. Its heap is a few
    // megabytes: a collection costs about a millisecond.
    if (reply.kind === 'outcome' && reply.payload.byteLength >= LARGE_PAYLOAD_BYTES) collectGarbage();
    thread.postMessage('sent');
  }),
);
thread.on('error', (error: Error & { code?: string }) => {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') process.exit(OUT_OF_MEMORY_EXIT);
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
thread.on('exit', () => process.exit(1));
process.on('message', (request: WorkerRequest) => thread.postMessage(request));
