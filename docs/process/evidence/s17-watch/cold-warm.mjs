/* global process, console */
// Session 17 (s17-watch): CPU of analyzing SymPy's 270 KB utility_function.py in a fresh process (load of the
// analyzer, then its first analysis: cold code) and then again in the same process (warm), as a watching server's
// fresh-per-run analysis process (main) and its resident one (s17-watch) meet it. Usage: node cold-warm.mjs <dist dir>
import { readFileSync } from 'node:fs';
const dist = process.argv[2];
const { ANALYZERS } = await import(`${dist}/analyzers/registry.js`);
const { analyzerFor, loadAnalyzers } = await import(`${dist}/core/analyzer.js`);
const rel = 'sympy/integrals/rubi/utility_function.py';
const src = readFileSync(
  `/work/main/.artifacts/corpora/deb-python3-sympy-1.11.1-1/usr/lib/python3/dist-packages/${rel}`,
  'utf8',
);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const a = analyzerFor(ANALYZERS, rel);
let t = cpu();
await loadAnalyzers(ANALYZERS, [rel]);
const out = { load: Math.round(cpu() - t), runs: [] };
for (let i = 0; i < 6; i++) {
  t = cpu();
  a.analyze(rel, src);
  out.runs.push(Math.round(cpu() - t));
}
console.log(JSON.stringify(out));
