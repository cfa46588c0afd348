/**
 * The phase recorder: where a codira process spends its time, as a sequence of named phases on one clock (ms since
 * process start). `markPhase(name)` ends the current phase and starts `name`; a name marked again accumulates, so a
 * loop alternating `analyze` and `persist` yields one total for each. With `CODIRA_PHASES=<file>` set, one JSON
 * line per process is appended to the file at exit (`{pid, command, totalMs, phases: [[name, ms], …], parallel}`); the
 * benchmark campaign sets it for every sample. A progress listener (the `index` progress line) gets each change.
 * Work that runs beside the timeline (analysis worker threads) is added with `addParallelPhase` and written as
 * `parallel: [[name, ms], …]`, outside the sequence (it overlaps the main thread's `analyze`).
 * Off (no file, no listener, no `CODIRA_TRACE`), a mark is one test: nothing is recorded and no exit hook is installed.
 *
 * @packageDocumentation
 */
import { appendFileSync } from 'node:fs';

/** Where the phases go, read once at load. */
const target = process.env['CODIRA_PHASES'];
const recording = target !== undefined && target !== '';
/** `CODIRA_TRACE=1`: every mark and {@link traceEvent} is also a stderr line (the watch path's trace, issue 14). */
const tracing = process.env['CODIRA_TRACE'] === '1';

/** Set by `bin/codira.js` (ms since process start at its first line) when recording. */
const BIN_START_KEY = Symbol.for('codira.binStartMs');

let listener: ((phase: string, sinceStartMs: number) => void) | null = null;
let current: { name: string; since: number } | null = null;
const totals = new Map<string, number>();
const parallel = new Map<string, number>();

function now(): number {
  return process.uptime() * 1000;
}

function close(at: number): void {
  if (current) totals.set(current.name, (totals.get(current.name) ?? 0) + (at - current.since));
}

/**
 * End the current phase and start another.
 *
 * @param name - The phase, e.g. `open index`, `analyze`.
 */
export function markPhase(name: string): void {
  if (!recording && listener === null && !tracing) return;
  if (tracing) traceEvent(`phase ${name}`);
  const at = now();
  close(at);
  current = { name, since: at };
  listener?.(name, at);
}

/**
 * With `CODIRA_TRACE=1`, write `TRACE <epoch ms> <process CPU ms> <what>` to stderr: a timeline across the threads
 * of one process (the MCP server's watch path: the watcher's event, the index run's phases, its analysis host, the
 * switch to the new index), on the wall clock so lines from several threads and a client line up. Off, one test.
 *
 * @param what - The event.
 */
export function traceEvent(what: string): void {
  if (!tracing) return;
  const cpu = process.cpuUsage();
  process.stderr.write(`TRACE ${Date.now()} ${Math.round((cpu.user + cpu.system) / 1000)} ${what}\n`);
}

/**
 * Add time spent beside the main timeline, e.g. by one analysis worker thread.
 *
 * @param name - e.g. `analyze worker 2`.
 * @param ms - Milliseconds to add.
 */
export function addParallelPhase(name: string, ms: number): void {
  if (!recording) return;
  parallel.set(name, (parallel.get(name) ?? 0) + ms);
}

/**
 * Follow phase changes (at most one listener: the progress line of the running command).
 *
 * @param follow - Called with each new phase and the ms since process start; `null` to stop.
 */
export function onPhase(follow: ((phase: string, sinceStartMs: number) => void) | null): void {
  listener = follow;
}

/**
 * The phases so far, in first-seen order (the current one counted up to now).
 *
 * @returns `[name, ms]` pairs.
 */
export function phaseTotals(): [string, number][] {
  const snapshot = new Map(totals);
  if (current) snapshot.set(current.name, (snapshot.get(current.name) ?? 0) + (now() - current.since));
  return [...snapshot];
}

if (recording) {
  const binStart = (globalThis as Record<symbol, unknown>)[BIN_START_KEY];
  if (typeof binStart === 'number') {
    totals.set('node start', binStart);
    current = { name: 'load CLI', since: binStart };
  } else {
    current = { name: 'load CLI', since: 0 };
  }
  process.once('exit', () => {
    const end = now();
    close(end);
    current = null;
    const line = {
      pid: process.pid,
      command: process.argv[2] ?? '',
      totalMs: end,
      phases: [...totals],
      parallel: [...parallel],
    };
    try {
      appendFileSync(target, `${JSON.stringify(line)}\n`);
    } catch {
      // Recording must never change the outcome of a command.
    }
  });
}
