/* global process */
// Preload (--import): every 200 ms print `THR <epoch ms> <main-thread CPU ms> <other threads CPU ms> <threads>` to stderr.
import { readdirSync, readFileSync } from 'node:fs';
const seen = new Map();
/** Sample and print. */
function sample() {
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seen.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // gone
    }
  }
  let main = 0,
    other = 0;
  for (const [tid, ms] of seen) tid === String(process.pid) ? (main += ms) : (other += ms);
  process.stderr.write(`THR ${Date.now()} ${main} ${other} ${readdirSync('/proc/self/task').length}\n`);
}
if (process.argv[2] === 'index') {
  setInterval(sample, 200).unref();
  process.on('exit', sample);
}
