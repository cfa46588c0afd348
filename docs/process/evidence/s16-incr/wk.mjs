/* global process */
// One worker that loads one thing (argv[2]) and exits: process CPU of each, measured by micro.py.
import { Worker } from 'node:worker_threads';
const what = process.argv[2];
const D = '/tmp/s16-incr/before/dist/';
const code = {
  bare: '',
  registry: `await import('${D}analyzers/registry.js')`,
  crypto: `await import('node:crypto')`,
  analyzefile: `await import('${D}core/analyze-file.js')`,
  workerdeps: `await import('${D}core/analyze-file.js'); await import('${D}core/analyzer.js'); await import('${D}core/full-collection.js'); await import('node:v8'); await import('node:timers/promises')`,
  python: `const r = await import('${D}analyzers/registry.js'); await r.ANALYZERS[0].load()`,
  perfhooks: `await import('node:perf_hooks')`,
  perfglobal: `performance.now()`,
  timersp: `await import('node:timers/promises')`,
  v8: `await import('node:v8')`,
  pyonly: `const r = await import('${D}analyzers/python/python-analyzer.js'); await r.pythonAnalyzer.load()`,
}[what];
if (what === 'none') process.exit(0);
const w = new Worker(`(async()=>{${code}})()`, { eval: true });
w.on('exit', () => {});
