/* global process, performance, console */
// Time from `new Worker` to the worker's first message, with the main thread idle or spinning (argv[2] = busy).
import { Worker } from 'node:worker_threads';
const busy = process.argv[2] === 'busy';
const t0 = performance.now();
const w = new Worker(
  `require('node:worker_threads').parentPort.postMessage(performance.timeOrigin + performance.now())`,
  { eval: true },
);
w.on('message', (at) => {
  console.log((at - performance.timeOrigin - t0).toFixed(1));
});
if (busy) {
  const end = performance.now() + 80;
  while (performance.now() < end);
}
