/* global process */
// Preload (--import): every 50 ms, read each thread's user + system CPU from /proc/self/task; at exit, print per thread name.
import { readdirSync, readFileSync, appendFileSync } from 'node:fs';
const seen = new Map();
const tick = 1000 / 100; // ms per clock tick (USER_HZ 100)
/** Sample each thread's CPU. */
function sample() {
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      seen.set(tid, { name, ms: (Number(f[11]) + Number(f[12])) * tick });
    } catch {
      // thread gone
    }
  }
}
const timer = setInterval(sample, 50);
timer.unref();
process.on('exit', () => {
  sample();
  const by = new Map();
  for (const [tid, { ms }] of seen) {
    const k = tid === String(process.pid) ? 'main' : 'other';
    by.set(k, (by.get(k) ?? 0) + ms);
  }
  const c = process.cpuUsage();
  appendFileSync(
    process.env.THREADS_OUT,
    JSON.stringify({
      pid: process.pid,
      argv: process.argv.slice(2, 3).join(' '),
      kv: process.env.KV,
      total: (c.user + c.system) / 1000,
      threads: Object.fromEntries(by),
    }) + '\n',
  );
});
