/* global process, console */
// For functions whose name matches a regex: self time grouped by their caller chain (3 frames up).
import { readFileSync, readdirSync } from 'node:fs';
const [dir, re, depth = '4', filter = '.0.'] = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.includes(filter));
const rx = new RegExp(re);
const agg = new Map();
for (const f of files) {
  const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  for (const [id, us] of dt) {
    const n = nodes.get(id);
    if (!rx.test(n.callFrame.functionName)) continue;
    const chain = [];
    let cur = parent.get(id);
    while (cur !== undefined && chain.length < Number(depth)) {
      const c = nodes.get(cur).callFrame;
      chain.push(`${c.functionName || '(anon)'}@${c.url.split('/').pop()}:${c.lineNumber}`);
      cur = parent.get(cur);
    }
    const k = `${n.callFrame.functionName} <- ${chain.join(' <- ')}`;
    agg.set(k, (agg.get(k) ?? 0) + us / 1000 / files.length);
  }
}
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${v.toFixed(1).padStart(7)}  ${k}`);
