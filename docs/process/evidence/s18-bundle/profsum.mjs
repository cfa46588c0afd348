// Self time per script (and top functions) over --cpu-prof profiles in a folder (from s17-query's profsum.mjs.txt).
// usage: node profsum.mjs DIR [TOP]
import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const byScript = new Map(),
  byFn = new Map();
let n = 0,
  total = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  n++;
  const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const nodes = new Map(p.nodes.map((x) => [x.id, x]));
  const dt = new Map();
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  for (const [id, us] of dt) {
    const node = nodes.get(id);
    const cf = node.callFrame;
    const url = cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/') || '(' + cf.functionName + ')';
    byScript.set(url, (byScript.get(url) ?? 0) + us);
    const k = `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber}`;
    byFn.set(k, (byFn.get(k) ?? 0) + us);
    total += us;
  }
}
/**
 * Print the largest entries of a map of microseconds, as mean ms per profile.
 *
 * @param m - Key to summed microseconds.
 */
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, v]) => console.log((v / n / 1000).toFixed(2).padStart(8), k));
console.log(`profiles ${n}, mean sampled ${(total / n / 1000).toFixed(1)} ms`);
console.log('--- by script');
show(byScript);
console.log('--- by function');
show(byFn);
