/* global process, setInterval */
// Preload (NODE_OPTIONS=--import) for trace.mjs: the main process's JS heap, external and array buffers every 25 ms.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.HEAPLOG;
if (file && isMainThread && process.argv.some((a) => a.endsWith('codira.js'))) {
  const mb = (x) => Math.round(x / 1048576);
  /** Append one sample of process.memoryUsage(). */
  const sample = () => {
    const m = process.memoryUsage();
    appendFileSync(
      file,
      JSON.stringify({
        t: Date.now(),
        heap: mb(m.heapUsed),
        total: mb(m.heapTotal),
        ext: mb(m.external),
        ab: mb(m.arrayBuffers),
      }) + '\n',
    );
  };
  setInterval(sample, 25).unref();
  delete process.env.HEAPLOG; // not for the analysis processes
}
