/* global process, console, setImmediate */
// Process CPU of a bare worker thread: `node wk0.mjs none` vs `node wk0.mjs worker` (worker-boot.txt).
import { Worker } from 'node:worker_threads';
const spawn = process.argv[2] === 'worker';
const done = () => {
  const u = process.cpuUsage();
  console.log(process.argv[2], ((u.user + u.system) / 1000).toFixed(1));
};
if (spawn) new Worker('', { eval: true }).on('exit', done);
else setImmediate(done);
