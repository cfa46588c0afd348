/* global process, console */
// One-file incremental DuckDB runs over index variants of one writable tree copy: each round appends one comment line
// to FILE (the campaign's `index-partial` edit) and then runs `codira index` on every variant's state folder
// (alternating order, round 0 a discarded warm-up); CPU is user + sys of the process tree (bash `times`,
// CODIRA_WAIT_FOR_ANALYSIS=1 as the campaign runs it). Each variant's base is built first with its
// CODIRA_DUCKDB_SKIP_INDEXES value.
// Usage: node onefile.mjs ROUNDS BIN TREE FILE LABEL=OUTDIR=SKIPLIST ...  → one JSON line per sample.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const WRAPPER = '"$@" >/dev/null 2>&1; r=$?; times; exit $r';

/**
 * Parse one `times` field such as `0m1.234s` into milliseconds.
 * @param text - The field.
 * @returns Milliseconds.
 */
function field(text) {
  const m = /^(\d+)m([\d.,]+)s$/.exec(text.trim());
  return Number(m[1]) * 60000 + Number(m[2].replace(',', '.')) * 1000;
}

/**
 * Run codira index and return the CPU of its process tree.
 * @param bin - bin/codira.js.
 * @param args - Extra arguments (`--full` or none).
 * @param tree - Tree.
 * @param out - State folder.
 * @param skip - Indexes to skip.
 * @returns CPU milliseconds, or null on failure.
 */
function run(bin, args, tree, out, skip) {
  const argv = [
    process.execPath,
    bin,
    'index',
    ...args,
    '--path',
    tree,
    '--output-dir',
    out,
    '--backend',
    'duckdb',
    '--json',
  ];
  const env = { ...process.env, CODIRA_WAIT_FOR_ANALYSIS: '1', CODIRA_DUCKDB_SKIP_INDEXES: skip };
  const r = spawnSync('bash', ['-c', WRAPPER, 'q', ...argv], { cwd: tree, encoding: 'utf8', env });
  if (r.status !== 0) return null;
  const [u, s] = r.stdout.trim().split('\n').pop().trim().split(/\s+/).map(field);
  return Math.round((u + s) * 10) / 10;
}

const [rounds, bin, tree, file, ...specs] = process.argv.slice(2);
const variants = specs.map((s) => s.split('=')).map(([label, out, skip]) => [label, resolve(out), skip ?? '']);
for (const [, out, skip] of variants) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  run(bin, ['--full'], tree, out, skip);
}
for (let round = 0; round <= Number(rounds); round++) {
  appendFileSync(join(tree, file), `# codira-bench edit ${round}\n`);
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const [label, out, skip] of order) {
    const ms = run(bin, [], tree, out, skip);
    if (round > 0)
      console.log(JSON.stringify({ round, command: 'index-partial', label, cpuMs: ms, load: loadavg()[0] }));
  }
}
