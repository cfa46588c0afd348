/* global process, console */
// Runs `codira index --full` exactly as the campaign's ProcessMeasurer does (src/bench/process-measurer.ts): GNU time's
// %M around a bash wrapper that prints `times` (the children's user + sys) and $EPOCHREALTIME, with
// CODIRA_WAIT_FOR_ANALYSIS=1, cwd = the tree, `--json`. Alternates the given builds per round (order flipped every
// round) and prints one JSON line per run.
// Usage: node hrun.mjs ROUNDS BACKEND[,BACKEND] TREE OUTROOT NAME=BUILD_BIN [NAME=BUILD_BIN ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

const WRAPPER = 'o=$1; shift; s=$EPOCHREALTIME; "$@"; r=$?; e=$EPOCHREALTIME; { times; echo "$s $e"; } >"$o"; exit $r';

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
 * Run one measured full index.
 * @param bin - Path of bin/codira.js.
 * @param backend - sqlite or duckdb.
 * @param tree - Corpus folder.
 * @param out - Output (state) folder.
 * @param extraEnv - More environment.
 * @returns The sample.
 */
export function measure(bin, backend, tree, out, extraEnv = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 's19dm-'));
  const rss = join(scratch, 'rss'),
    rep = join(scratch, 'rep');
  const argv = [
    '-f',
    '%M',
    '-o',
    rss,
    'bash',
    '-c',
    WRAPPER,
    'codira-measure',
    rep,
    process.execPath,
    bin,
    'index',
    '--full',
    '--path',
    tree,
    '--output-dir',
    out,
    '--backend',
    backend,
    '--json',
  ];
  const r = spawnSync('/usr/bin/time', argv, {
    cwd: tree,
    env: { ...process.env, CODIRA_WAIT_FOR_ANALYSIS: '1', ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const kb = Number(readFileSync(rss, 'utf8').trim().split('\n').pop());
  const lines = readFileSync(rep, 'utf8').trim().split('\n');
  const [u, s] = lines[1].trim().split(/\s+/).map(field);
  const [t0, t1] = lines[2]
    .trim()
    .split(/\s+/)
    .map((x) => Number(x.replace(',', '.')));
  rmSync(scratch, { recursive: true, force: true });
  if (r.status !== 0) process.stderr.write(r.stderr);
  return {
    rssMb: Math.round((kb / 1024) * 10) / 10,
    rssMB: Math.round(kb * 1.024) / 1000,
    cpuMs: Math.round(u + s),
    wallMs: Math.round((t1 - t0) * 1000),
    rc: r.status,
  };
}

if (process.argv[1].endsWith('hrun.mjs')) {
  const [rounds, backends, tree, outRoot, ...builds] = process.argv.slice(2);
  const variants = builds.map((b) => b.split('='));
  for (let round = 0; round < Number(rounds); round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const backend of backends.split(',')) {
      for (const [name, bin] of order) {
        if ((process.env.HRUN_SKIP ?? '').split(',').includes(`${name}-${backend}`)) continue;
        const out = join(outRoot, `${name}-${backend}`);
        rmSync(out, { recursive: true, force: true });
        mkdirSync(out, { recursive: true });
        const load = loadavg()[0];
        const envJson = process.env[`HRUN_ENV_${name}`] ?? process.env.HRUN_ENV;
        const res = measure(bin, backend, tree, out, envJson ? JSON.parse(envJson) : {});
        console.log(JSON.stringify({ round, name, backend, tree, load: Math.round(load * 100) / 100, ...res }));
      }
    }
  }
}
