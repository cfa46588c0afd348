/* global process, console, Buffer */
// fwbench.mjs TREE FWMODULE SRC : analyze every file with TREE's analyzer, then time one cold fieldWordsOf pass
// (FWMODULE's) over every file's symbols; prints CPU ms and a hash of the outputs.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
const [tree, fwmod, src] = process.argv.slice(2);
const { analyzeTypescript } = await import(tree + '/dist/analyzers/typescript/typescript-analysis.js');
const { fieldWordsOf } = await import(fwmod);
const files = [];
(function walk(d) {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    const s = statSync(p);
    if (s.isDirectory()) walk(p);
    else if (/\.(ts|tsx|js|mjs|cjs|mts|cts)$/.test(n)) files.push([relative(src, p), readFileSync(p, 'utf8')]);
  }
})(src);
const res = files.map(([p, t]) => analyzeTypescript(p, t));
if (process.env.GC) {
  globalThis.gc();
}
const t = process.cpuUsage();
const outs = res.map((a) => fieldWordsOf(a.symbols));
const u = process.cpuUsage(t);
const h = createHash('sha1');
for (const o of outs) {
  h.update(o.words);
  h.update(Buffer.from(o.postings));
  h.update(String(o.irregular));
}
console.log(((u.user + u.system) / 1000).toFixed(1), h.digest('hex').slice(0, 12));
