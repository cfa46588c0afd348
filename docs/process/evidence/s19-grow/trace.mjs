/* global process, console, setInterval, clearInterval */
// Memory over time of one `codira index --full` (profiling only; the figures of record come from hrun.mjs).
// Samples /proc/<pid>/status of every process of the tree every 20 ms from outside (RSS, RssAnon, RssFile), takes the
// main process's phase marks from CODIRA_TRACE=1 (stderr) and its JS heap from a preload (heap.mjs, 25 ms timer; it
// cannot fire while the main thread is inside a synchronous native call). Writes a timeline and a summary per phase.
// Usage: node trace.mjs BIN BACKEND TREE OUT LOG [KEY=VALUE env ...]
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [bin, backend, tree, out, log, ...envs] = process.argv.slice(2);
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
      HEAPLOG: heapLog,
      NODE_OPTIONS: `--import ${join(here, 'heap.mjs')}`,
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
const t0 = Date.now();
const samples = [];
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
child.stdout.resume();

/**
 * The descendants of a process (from /proc/N/stat ppid).
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
  const out = [];
  const walk = (p) => {
    for (const [c, pp] of parent)
      if (pp === p) {
        out.push(c);
        walk(c);
      }
  };
  walk(root);
  return out;
}

/**
 * Memory fields of one process, in MiB.
 * @param pid - Process.
 * @returns Fields or null if gone.
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
let others = [];
let tick = 0;
const timer = setInterval(() => {
  const main = status(child.pid);
  if (!main) return;
  if (tick++ % 10 === 0) others = descendants(child.pid);
  const ana = others
    .map(status)
    .filter(Boolean)
    .map((x) => x.rss);
  samples.push({ t: Date.now(), ...main, ana });
}, 20);
child.on('exit', (code) => {
  clearInterval(timer);
  const marks = [];
  for (const line of stderr.split('\n')) {
    const m = /^TRACE (\d+) (\d+) phase (.*)$/.exec(line);
    if (m) marks.push({ t: Number(m[1]), cpu: Number(m[2]), phase: m[3] });
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
      if (m.t <= t)
        p = m.phase.replace(
          /^persist (files|symbols|calls|refs|findings|hint_keys|slot_keys|open appender)$/,
          'persist $1',
        );
      else break;
    }
    return p;
  };
  const heapAt = (t) => {
    let h = null;
    for (const x of heap) {
      if (x.t <= t) h = x;
      else break;
    }
    return h;
  };
  const lines = [];
  let peak = { rss: 0 };
  const byPhase = new Map();
  for (const s of samples) {
    const p = phaseAt(s.t);
    const h = heapAt(s.t);
    if (s.rss > peak.rss) peak = { ...s, phase: p, heap: h };
    const b = byPhase.get(p) ?? { max: 0, n: 0, heapMax: 0 };
    b.max = Math.max(b.max, s.rss);
    b.n++;
    if (h) b.heapMax = Math.max(b.heapMax, h.heap + h.ab);
    byPhase.set(p, b);
  }
  let last = -1e9;
  for (const s of samples) {
    const h = heapAt(s.t);
    if (s.t - last >= Number(process.env.TRACE_STEP ?? 250) || s === peak) {
      last = s.t;
      lines.push(
        `${((s.t - t0) / 1000).toFixed(2)}s rss=${s.rss} anon=${s.anon} file=${s.file} heap=${h ? `${h.heap}/${h.total} ext=${h.ext} ab=${h.ab}` : '-'} ana=[${s.ana.join(',')}] ${phaseAt(s.t)}${s === peak ? '  <== PEAK' : ''}`,
      );
    }
  }
  const summary = [
    `exit ${code}; peak main ${peak.rss} MiB (anon ${peak.anon}, file ${peak.file}) at ${((peak.t - t0) / 1000).toFixed(2)}s in '${peak.phase}', heap ${peak.heap ? JSON.stringify(peak.heap) : '-'}; final hwm ${samples.at(-1)?.hwm}; analysis max ${Math.max(0, ...samples.flatMap((s) => s.ana))}`,
    ...[...byPhase].map(([p, b]) => `  ${p}: max rss ${b.max} MiB, max heap+ab ${b.heapMax} MiB, ${b.n} samples`),
  ];
  writeFileSync(log, [...summary, '', ...lines].join('\n') + '\n');
  console.log(summary.join('\n'));
});
