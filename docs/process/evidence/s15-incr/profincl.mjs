/* global process, console */
// Inclusive time of functions matching a regex (counted once per sample even under recursion).
import { readFileSync, readdirSync } from 'node:fs';
const [dir, re, filter = '.0.'] = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.includes(filter));
const rx = new RegExp(re);
const agg = new Map();
let total = 0;
for (const f of files) {
  const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (let i = 0; i < p.samples.length; i++) {
    const us = p.timeDeltas[i] ?? 0;
    total += us;
    const seen = new Set();
    let cur = p.samples[i];
    while (cur !== undefined) {
      const c = nodes.get(cur).callFrame;
      const k = `${c.functionName || '(anon)'}@${c.url.replace(/.*\/(dist|node_modules)\//, '$1:')}:${c.lineNumber}`;
      if (rx.test(k) && !seen.has(k)) {
        seen.add(k);
        agg.set(k, (agg.get(k) ?? 0) + us);
      }
      cur = parent.get(cur);
    }
  }
}
console.log(`mean sampled ${(total / 1000 / files.length).toFixed(1)} ms`);
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${(v / 1000 / files.length).toFixed(1).padStart(7)}  ${k}`);
