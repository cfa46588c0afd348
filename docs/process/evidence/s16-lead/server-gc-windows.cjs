/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, process, setImmediate */
// preload for codira mcp: records server GC events and request windows (stdin data -> stdout write); optional idle minor GC
const { PerformanceObserver, performance } = require('node:perf_hooks');
const v8 = require('node:v8');
const fs = require('node:fs');
const gcs = [];
new PerformanceObserver((l) => {
  for (const e of l.getEntries()) gcs.push([e.startTime, e.startTime + e.duration, e.detail?.kind]);
}).observe({ entryTypes: ['gc'] });
const wins = [];
let open = null;
const em = process.stdin.emit.bind(process.stdin);
process.stdin.emit = (ev, ...a) => {
  if (ev === 'data' && open === null) open = performance.now();
  return em(ev, ...a);
};
const w = process.stdout.write.bind(process.stdout);
let gc = null;
const mode = process.env.IDLE_GC || 'off';
const frac = Number(process.env.IDLE_GC_FRAC || '0.5');
if (mode !== 'off') {
  v8.setFlagsFromString('--expose-gc');
  gc = require('vm').runInNewContext('gc');
}
let idleGcs = 0;
process.stdout.write = (chunk, ...rest) => {
  const r = w(chunk, ...rest);
  if (open !== null) {
    wins.push([open, performance.now()]);
    open = null;
  }
  if (gc)
    setImmediate(() => {
      const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      if (ns.space_used_size > frac * ns.space_size) {
        idleGcs++;
        gc({ type: 'minor' });
      }
    });
  return r;
};
process.on('exit', () => {
  const m = wins.slice(300);
  const hit = m.filter(([a, b]) => gcs.some(([s, e]) => s < b && e > a)).length;
  fs.appendFileSync(
    process.env.GCWIN_OUT || '/tmp/gcwin.jsonl',
    JSON.stringify({ mode, frac, requests: m.length, requestsWithServerGc: hit, gcs: gcs.length, idleGcs }) + '\n',
  );
});
