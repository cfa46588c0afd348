/* global process, setInterval */
// Preload (NODE_OPTIONS=--import) for tracetree.mjs: the main process's main thread and each analysis process's
// analysis thread append their JS heap and array buffers every 50 ms to HEAPLOG_ALL. Preloads do not run in worker
// threads, so in an analysis process the preload wraps `Worker` to start the same sampler in the thread it starts
// (an eval'd script: the bundled thread). A busy thread samples only when its event loop turns (between files).
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { getHeapStatistics } from 'node:v8';
import workerThreads from 'node:worker_threads';

const file = process.env.HEAPLOG_ALL;

/**
 * Start sampling this thread's heap.
 * @param role - `main` or `analysis`.
 * @param log - The log file.
 */
function startSampler(role, log) {
  const mb = (x) => Math.round(x / 1048576);
  /** Append one sample. */
  const sample = () => {
    const m = process.memoryUsage();
    const h = getHeapStatistics();
    const line = { t: Date.now(), pid: process.pid, role, heap: mb(h.used_heap_size), total: mb(h.total_heap_size) };
    appendFileSync(log, JSON.stringify({ ...line, ab: mb(m.arrayBuffers), ext: mb(m.external) }) + '\n');
  };
  setInterval(sample, 50).unref();
}

if (file && workerThreads.isMainThread) {
  if (process.argv.some((a) => a.endsWith('codira.js'))) startSampler('main', file);
  else if (process.argv.some((a) => /analysis-process/.test(a))) {
    const Original = workerThreads.Worker;
    const prefix = `(${startSampler.toString()})('analysis', ${JSON.stringify(file)});\n`;
    /** `Worker`, starting the sampler first in an eval'd thread. */
    class Sampled extends Original {
      /**
       * @param code - Script or URL.
       * @param options - Worker options.
       */
      constructor(code, options) {
        if (options?.eval) {
          const req =
            "const { appendFileSync } = require('node:fs'); const { getHeapStatistics } = require('node:v8');\n";
          super(`'use strict';\n${req}${prefix}${String(code).replace(/^'use strict';/, '')}`, options);
        } else super(code, options);
      }
    }
    workerThreads.Worker = Sampled;
    syncBuiltinESMExports();
  }
}
