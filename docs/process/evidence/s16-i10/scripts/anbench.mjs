/* global process, console */
// anbench.mjs TREE SRC PASSES : analyzeTypescript over every .ts/.js file; CPU per pass; hint stats; hash
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
const [tree, src, passes = '1'] = process.argv.slice(2);
const { analyzeTypescript } = await import(tree + '/dist/analyzers/typescript/typescript-analysis.js');
const files = [];
(function walk(d) {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    const s = statSync(p);
    if (s.isDirectory()) walk(p);
    else if (/\.(ts|tsx|js|mjs|cjs|mts|cts)$/.test(n)) files.push([relative(src, p), readFileSync(p, 'utf8')]);
  }
})(src);
const out = [];
for (let i = 0; i < Number(passes); i++) {
  const t = process.cpuUsage();
  const h = createHash('sha1');
  let cands = 0,
    idx = 0,
    hintBytes = 0,
    slotBytes = 0,
    calls = 0;
  const res = [];
  for (const [p, text] of files) res.push(analyzeTypescript(p, text));
  const u = process.cpuUsage(t);
  for (const a of res) {
    if (i === 0) {
      for (const e of [...a.calls, ...a.references]) {
        calls++;
        if (e.targetHint) {
          hintBytes += e.targetHint.length;
          for (const c of e.targetHint.split('|')) {
            cands++;
            if (c.includes('/index')) idx++;
          }
        }
      }
      for (const s of a.symbols) if (s.slotTypes) slotBytes += s.slotTypes.length;
      h.update(JSON.stringify(a));
    }
  }
  out.push(((u.user + u.system) / 1000).toFixed(1));
  if (i === 0)
    console.log(
      JSON.stringify({
        files: files.length,
        calls,
        cands,
        idx,
        hintBytes,
        slotBytes,
        hash: h.digest('hex').slice(0, 12),
      }),
    );
}
console.log('pass ms', out.join(' '));
