/* global process, console */
// Self time (ms, mean per run) by function of the CLI's main-thread .cpuprofile files in two folders, largest
// differences first: node profdiff.mjs DIR_A DIR_B [TOP]. The CLI's profile is the one holding `runIndex`'s frames.
import { readFileSync, readdirSync } from 'node:fs';

/**
 * Self time by function, averaged over the CLI main-thread profiles of a folder.
 *
 * @param dir - Folder of `.cpuprofile` files from `node --cpu-prof`.
 * @returns `name url:line` to mean ms; key `(total non-idle)` holds the sum.
 */
function selfTimes(dir) {
  const out = new Map();
  let runs = 0;
  for (const f of readdirSync(dir).filter((n) => n.includes('.0.0'))) {
    const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
    if (!p.nodes.some((n) => n.callFrame.url.includes('scanner') || n.callFrame.functionName === 'scanRepository'))
      continue;
    runs++;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < p.samples.length; i++) {
      const cf = nodes.get(p.samples[i]).callFrame;
      if (cf.functionName === '(idle)') continue;
      const url = cf.url.replace(/.*node_modules\//, 'nm:').replace(/.*\/dist\//, 'dist:');
      const k = `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber}`;
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      out.set(k, (out.get(k) ?? 0) + ms);
      out.set('(total non-idle)', (out.get('(total non-idle)') ?? 0) + ms);
    }
  }
  for (const [k, v] of out) out.set(k, v / runs);
  return out;
}

const [a, b, top = '40'] = process.argv.slice(2);
const A = selfTimes(a);
const B = selfTimes(b);
const keys = [...new Set([...A.keys(), ...B.keys()])];
keys.sort((x, y) => Math.abs((B.get(y) ?? 0) - (A.get(y) ?? 0)) - Math.abs((B.get(x) ?? 0) - (A.get(x) ?? 0)));
for (const k of keys.slice(0, Number(top)))
  console.log(
    `${(A.get(k) ?? 0).toFixed(1).padStart(7)} ${(B.get(k) ?? 0).toFixed(1).padStart(7)} ${((B.get(k) ?? 0) - (A.get(k) ?? 0)).toFixed(1).padStart(7)}  ${k}`,
  );
