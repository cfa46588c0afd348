/* global process, console, URL */
// Session 23 (s23-pyroots): in-process cost of the planner's layout comparison. Plans a run of a tree in which one
// path was added — a module, then an `__init__.py` (only the latter makes the planner compare the layouts of every
// reused file) — with the run's analyzers and without them (no comparison), alternating, and prints the median
// milliseconds of each.
// usage: node plan-cost.mjs <tree> <rounds>
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';

const [tree, roundsText] = process.argv.slice(2);
const here = resolve(new URL('../../../..', import.meta.url).pathname);
const { planIndex } = await import(join(here, 'dist', 'core', 'planner.js'));
const { ANALYZERS } = await import(join(here, 'dist', 'analyzers', 'registry.js'));
const { CONTRACT_VERSION } = await import(join(here, 'dist', 'core', 'model.js'));
const paths = execFileSync('find', ['.', '-type', 'f'], { cwd: tree, encoding: 'utf8' })
  .split('\n')
  .filter((p) => p.length > 0)
  .map((p) => p.slice(2))
  .filter((p) => ANALYZERS.some((a) => a.claims(p)))
  .sort();
const scanned = paths.map((path) => ({ path, size: 1, mtimeMs: 1 }));
const meta = {
  contractVersion: CONTRACT_VERSION,
  runtime: { backend: 'memory', backendVersion: '1' },
  analyzers: [],
  embedder: { name: 'e', version: '1', dimension: 1 },
};
const added = {
  module: paths.findIndex((p) => p.endsWith('.py') && !p.endsWith('__init__.py')),
  init: paths.findIndex((p) => p.endsWith('/__init__.py')),
};
const times = {};
for (const [what, index] of Object.entries(added)) {
  const stored = scanned.filter((_, i) => i !== index).map((f) => ({ ...f, hash: 'h' }));
  times[`${what}With`] = [];
  times[`${what}Without`] = [];
  for (let round = 0; round < Number(roundsText); round++) {
    for (const kind of round % 2 === 0 ? ['With', 'Without'] : ['Without', 'With']) {
      const started = performance.now();
      await planIndex(tree, scanned, { meta, files: stored }, meta, false, kind === 'With' ? ANALYZERS : undefined);
      times[`${what}${kind}`].push(performance.now() - started);
    }
  }
}

/**
 * Median of a list of numbers.
 *
 * @param values - The numbers.
 * @returns Their median.
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
const ms = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Number(median(v).toFixed(3))]));
console.log(JSON.stringify({ tree, files: paths.length, medianMs: ms }));
