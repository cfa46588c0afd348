/* global process, console */
// Summarize .cpuprofile files: self time by function (top N) and by bucket (package / file), median-free: sums / count.
import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const top = Number(process.argv[3] ?? 30);
const filter = process.argv[4] ?? '.0.';
const files = readdirSync(dir).filter((f) => f.includes(filter));
const byFn = new Map(),
  byBucket = new Map();
let total = 0;
for (const f of files) {
  const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  for (const [id, us] of dt) {
    const n = nodes.get(id);
    const cf = n.callFrame;
    const ms = us / 1000 / files.length;
    total += ms;
    const url = cf.url.replace(/.*node_modules\//, 'nm:').replace(/.*\/dist\//, 'dist:');
    const k = `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber}`;
    byFn.set(k, (byFn.get(k) ?? 0) + ms);
    const b =
      cf.url === ''
        ? cf.functionName
        : url.startsWith('nm:')
          ? url
              .split('/')
              .slice(0, url.startsWith('nm:@') ? 2 : 1)
              .join('/')
          : url.startsWith('node:')
            ? 'node:internal'
            : url;
    byBucket.set(b, (byBucket.get(b) ?? 0) + ms);
  }
}
console.log(`files ${files.length}, mean sampled ${total.toFixed(1)} ms`);
for (const [k, v] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${v.toFixed(1).padStart(7)}  ${k}`);
console.log('--- functions');
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${v.toFixed(1).padStart(7)}  ${k}`);
