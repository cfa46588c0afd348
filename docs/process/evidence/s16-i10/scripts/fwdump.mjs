/* global process */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
const [tree, src, out] = process.argv.slice(2);
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
writeFileSync(
  out,
  JSON.stringify(
    files.map(([p, t]) =>
      analyzeTypescript(p, t).symbols.map((s) => ({
        name: s.name,
        qualifiedName: s.qualifiedName,
        docstring: s.docstring,
      })),
    ),
  ),
);
