/* global process, console */
// Summarize qbench.mjs / onefile.mjs output: per command, each variant's median CPU and the median of its per-round
// difference against the reference variant (default `all`).
// Usage: node qsum.mjs FILE.jsonl [REFERENCE]
import { readFileSync } from 'node:fs';

/**
 * Median of numbers.
 * @param xs - Numbers.
 * @returns The median.
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const ref = process.argv[3] ?? 'all';
const rows = readFileSync(process.argv[2], 'utf8')
  .trim()
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const by = new Map();
for (const r of rows) {
  const key = `${r.command}\t${r.label}`;
  if (!by.has(key)) by.set(key, new Map());
  by.get(key).set(r.round, r.cpuMs);
}
const commands = [...new Set(rows.map((r) => r.command))];
const labels = [...new Set(rows.map((r) => r.label))];
const loads = rows.map((r) => r.load);
console.log(
  `${process.argv[2]}: ${rows.length} samples, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
);
console.log(['command', ...labels.map((l) => `${l} (Δ)`)].join('\t'));
for (const c of commands) {
  const base = by.get(`${c}\t${ref}`);
  const cells = labels.map((l) => {
    const m = by.get(`${c}\t${l}`);
    if (!m) return '-';
    const d = [...m].filter(([r, v]) => v !== null && base.get(r) != null).map(([r, v]) => v - base.get(r));
    const med = median([...m.values()].filter((v) => v !== null));
    return l === ref ? med.toFixed(1) : `${med.toFixed(1)} (${median(d) >= 0 ? '+' : ''}${median(d).toFixed(1)})`;
  });
  console.log([c, ...cells].join('\t'));
}
