/* global process, console, setInterval, clearInterval */
// RSS over time of every process of one `codira index --full` (profiling only; figures of record come from
// s19-duckmem's hrun.mjs). Samples /proc/<pid>/status of each process of the tree every 20 ms (VmRSS, RssAnon,
// RssFile), takes the main process's phase marks from CODIRA_TRACE=1 and each thread's JS heap from heapall.mjs.
// Prints, per process, its peak and when; per phase of the main process, every process's maximum; and a timeline.
// NOHEAP=1: no preload (the processes run as measured; per-process RSS only).
// Usage: node tracetree.mjs BIN BACKEND TREE OUT LOG [KEY=VALUE env ...]
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const backend = process.argv[3];
const [bin, tree, out, log] = [2, 4, 5, 6].map((i) => resolve(process.argv[i]));
const envs = process.argv.slice(7);
const here = dirname(fileURLToPath(import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const heapLog = `${log}.heap`;
rmSync(heapLog, { force: true });
const extra = Object.fromEntries(envs.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
const child = spawn(
  process.execPath,
  [bin, 'index', '--full', '--path', tree, '--output-dir', out, '--backend', backend, '--json'],
  {
    cwd: tree,
    env: {
      ...process.env,
      CODIRA_WAIT_FOR_ANALYSIS: '1',
      CODIRA_TRACE: '1',
      HEAPLOG_ALL: heapLog,
      ...(process.env.NOHEAP ? {} : { NODE_OPTIONS: `--import ${join(here, 'heapall.mjs')}` }),
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
const t0 = Date.now();
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
child.stdout.resume();

/**
 * The descendants of a process (from /proc/N/stat's ppid).
 * @param root - The root pid.
 * @returns Pids of the tree other than the root.
 */
function descendants(root) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended
    }
  }
  const found = [];
  const walk = (p) => {
    for (const [c, pp] of parent)
      if (pp === p) {
        found.push(c);
        walk(c);
      }
  };
  walk(root);
  return found;
}

/**
 * Memory fields of one process, in MiB.
 * @param pid - Process.
 * @returns Fields, or null when it has ended.
 */
function status(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Math.round(Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) / 1024);
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}
/** pid → samples `{t, rss, anon, file}`. */
const series = new Map();
let pids = [];
let tick = 0;
const timer = setInterval(() => {
  if (tick++ % 10 === 0) pids = [child.pid, ...descendants(child.pid)];
  const t = Date.now();
  for (const pid of pids) {
    const s = status(pid);
    if (!s) continue;
    if (!series.has(pid)) series.set(pid, []);
    series.get(pid).push({ t, ...s });
  }
}, 20);
child.on('exit', (code) => {
  clearInterval(timer);
  const marks = [];
  for (const line of stderr.split('\n')) {
    const m = /^TRACE (\d+) (\d+) phase (.*)$/.exec(line);
    if (m) marks.push({ t: Number(m[1]), phase: m[3].replace(/^persist .*/, 'persist') });
  }
  const heap = existsSync(heapLog)
    ? readFileSync(heapLog, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];
  const phaseAt = (t) => {
    let p = 'start';
    for (const m of marks) {
      if (m.t <= t) p = m.phase;
      else break;
    }
    return p;
  };
  const heapOf = (pid, t) => {
    let h = null;
    for (const x of heap) {
      if (x.pid !== pid) continue;
      if (x.t <= t) h = x;
      else break;
    }
    return h;
  };
  const name = (pid) => (pid === child.pid ? 'main' : `p${pid}`);
  if (code !== 0)
    console.log(
      stderr
        .split('\n')
        .filter((l) => !l.startsWith('TRACE'))
        .join('\n'),
    );
  const lines = [`exit ${code}; wall ${((Date.now() - t0) / 1000).toFixed(1)} s`];
  for (const [pid, ss] of series) {
    const peak = ss.reduce((a, b) => (b.rss > a.rss ? b : a));
    const h = heapOf(pid, peak.t);
    const hs = heap.filter((x) => x.pid === pid);
    const heapMax = hs.reduce((a, b) => Math.max(a, b.heap + b.ab), 0);
    const after = (frac) => {
      const end = ss.at(-1).t;
      const from = ss[0].t + (end - ss[0].t) * frac;
      return Math.max(...ss.filter((s) => s.t >= from && s.t <= from + (end - ss[0].t) / 4).map((s) => s.rss));
    };
    lines.push(
      `${name(pid)}: peak ${peak.rss} MiB (anon ${peak.anon}, file ${peak.file}) at ${((peak.t - t0) / 1000).toFixed(1)} s in '${phaseAt(peak.t)}', heap then ${h ? `${h.heap}/${h.total} ab ${h.ab}` : '-'}, heap+ab max ${heapMax}; max per quarter of its life ${[0, 0.25, 0.5, 0.75].map(after).join(' / ')}; lived ${((ss.at(-1).t - ss[0].t) / 1000).toFixed(1)} s`,
    );
  }
  const byPhase = new Map();
  for (const [pid, ss] of series)
    for (const s of ss) {
      const p = phaseAt(s.t);
      const key = `${p}|${pid === child.pid ? 'main' : 'analysis'}`;
      byPhase.set(key, Math.max(byPhase.get(key) ?? 0, s.rss));
    }
  lines.push('per phase (max RSS, MiB):');
  for (const [k, v] of byPhase) lines.push(`  ${k.replace('|', ' / ')}: ${v}`);
  lines.push('timeline (1 s):');
  const end = Math.max(...[...series.values()].map((ss) => ss.at(-1).t));
  for (let t = t0; t <= end; t += Number(process.env.TRACE_STEP ?? 1000)) {
    const cells = [];
    for (const [pid, ss] of series) {
      const s = ss.find((x) => x.t >= t && x.t < t + 1000);
      if (!s) continue;
      const h = heapOf(pid, s.t);
      cells.push(`${name(pid)}=${s.rss}(a${s.anon})${h ? `h${h.heap}/${h.total}+${h.ab}` : ''}`);
    }
    lines.push(`${((t - t0) / 1000).toFixed(0).padStart(4)}s ${phaseAt(t).padEnd(14)} ${cells.join(' ')}`);
  }
  writeFileSync(log, lines.join('\n') + '\n');
  console.log(lines.slice(0, 2 + series.size).join('\n'));
});
