/* global process, console */
// Median process CPU (ms) per phase over CODIRA_TRACE=1 stderr files: node phasesum.mjs LABEL=file,file … …
import { readFileSync } from 'node:fs';

/**
 * CPU per phase of one trace file (the process CPU between a phase's mark and the next line's).
 *
 * @param file - A `CODIRA_TRACE=1` stderr capture.
 * @returns Phase name (sub-phases of `persist` folded) to CPU ms.
 */
function phases(file) {
  const out = new Map();
  let name = 'start';
  let at = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^TRACE \d+ (\d+) (.*)$/.exec(line);
    if (!m) continue;
    const cpu = Number(m[1]);
    out.set(name, (out.get(name) ?? 0) + cpu - at);
    at = cpu;
    if (m[2].startsWith('phase ')) name = m[2].slice(6).replace(/^persist.*/, 'persist');
  }
  out.set('total', at);
  return out;
}

/**
 * Median of numbers.
 *
 * @param xs - Values.
 * @returns The median.
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const cols = process.argv.slice(2).map((arg) => {
  const [label, files] = arg.split('=');
  return { label, runs: files.split(',').map(phases) };
});
const names = [...new Set(cols.flatMap((c) => c.runs.flatMap((r) => [...r.keys()])))];
console.log(['phase', ...cols.map((c) => c.label)].join('\t'));
for (const n of names)
  console.log([n, ...cols.map((c) => median(c.runs.map((r) => r.get(n) ?? 0)).toFixed(1))].join('\t'));
