/* global process, console */
// Session 23 (s23-pyroots): full and one-file incremental index CPU (user+sys, children included, through
// /usr/bin/time, CODIRA_WAIT_FOR_ANALYSIS=1 so released analysis processes are waited for and counted), base and branch alternating in one loop (the order flips every round). Per round and corpus: a full
// index by each build, then one function appended to the edited file and an incremental index by each build.
// usage: BASE=<build> BRANCH=<build> node bench.mjs <rounds> <out.jsonl> <label>=<tree>,<edited file> ...
import { appendFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const [roundsText, out, ...corpora] = process.argv.slice(2);
const builds = { base: process.env.BASE, branch: process.env.BRANCH };

/**
 * Run one index and return its CPU milliseconds (user + sys of the process and its children).
 *
 * @param build - Build directory.
 * @param tree - Indexed tree.
 * @param state - Output directory of the index.
 * @param full - Whether to force a full rebuild.
 * @returns CPU milliseconds.
 */
function measure(build, tree, state, full) {
  const args = ['-f', 'CPU %U %S', 'node', join(build, 'bin', 'codira.js'), 'index', '--path', tree];
  args.push('--output-dir', state, ...(full ? ['--full'] : []));
  const env = { ...process.env, CODIRA_WAIT_FOR_ANALYSIS: '1' };
  const run = spawnSync('/usr/bin/time', args, { encoding: 'utf8', env });
  const line = run.stderr.split('\n').find((l) => l.startsWith('CPU '));
  if (run.status !== 0 || line === undefined) throw new Error(`index failed: ${run.stderr}`);
  const [, user, sys] = line.split(' ');
  return Math.round((Number(user) + Number(sys)) * 1000);
}

for (let round = 0; round < Number(roundsText); round++) {
  for (const spec of corpora) {
    const [label, rest] = spec.split('=');
    const [tree, edited] = rest.split(',');
    const order = round % 2 === 0 ? ['base', 'branch'] : ['branch', 'base'];
    const row = { round, label, load: Number(loadavg()[0].toFixed(2)) };
    for (const name of order) {
      const state = `/tmp/s23py/state-${label}-${name}`;
      mkdirSync(state, { recursive: true });
      row[`${name}Full`] = measure(builds[name], tree, state, true);
    }
    appendFileSync(join(tree, edited), `\n\ndef s23_added_${round}(x):\n    return x\n`);
    for (const name of order) {
      row[`${name}OneFile`] = measure(builds[name], tree, `/tmp/s23py/state-${label}-${name}`, false);
    }
    appendFileSync(out, `${JSON.stringify(row)}\n`);
    console.log(JSON.stringify(row));
  }
}
