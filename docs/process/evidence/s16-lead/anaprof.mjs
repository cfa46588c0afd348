/* global process, console */
import { readFileSync } from 'node:fs';
import { ANALYZERS } from '/work/main/dist/analyzers/registry.js';
import { analyzerFor, loadAnalyzers } from '/work/main/dist/core/analyzer.js';
const rel = 'sympy/integrals/rubi/utility_function.py';
const src = readFileSync(
  '/work/main/.artifacts/corpora/deb-python3-sympy-1.11.1-1/usr/lib/python3/dist-packages/sympy/integrals/rubi/utility_function.py',
  'utf8',
);
const a = analyzerFor(ANALYZERS, rel);
await loadAnalyzers(ANALYZERS, [rel]);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let i = 0; i < 12; i++) {
  const t = cpu();
  const r = a.analyze(rel, src);
  console.log('analyze', i, (cpu() - t).toFixed(0), 'ms', r.symbols?.length, r.calls?.length);
}
