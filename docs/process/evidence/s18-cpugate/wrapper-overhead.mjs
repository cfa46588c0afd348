/* global process, console */
/**
 * Session 18 (s18-cpugate): what the bash CPU wrapper costs. For `true` and `node -e 0`, alternating in one loop,
 * each round spawns the process (a) under GNU time alone — the harness before this session — and (b) under GNU time
 * and the bash wrapper, timing both from outside with `process.hrtime` (spawn to exit). For (b) it also keeps the
 * wrapper's inner wall time (what the harness now records) and its CPU time. Prints medians as JSON.
 *
 * Usage (after `npm run build`): node docs/process/evidence/s18-cpugate/wrapper-overhead.mjs [rounds]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CPU_WRAPPER_SCRIPT, parseCpuReport } from '../../../../dist/bench/process-measurer.js';

const rounds = Number(process.argv[2] ?? 21);
const scratch = mkdtempSync(join(tmpdir(), 's18-wrap-'));
const rss = join(scratch, 'rss.txt');
const cpu = join(scratch, 'cpu.txt');

/**
 * Spawn argv and time it from outside.
 *
 * @param argv - The command line.
 * @returns Milliseconds from spawn to exit.
 */
function outerWall(argv) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
  });
}

/**
 * The median of numbers.
 *
 * @param xs - Samples.
 * @returns Their median.
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measure one command both ways, alternating the order every round.
 *
 * @param command - The measured command line.
 * @returns Medians in milliseconds.
 */
async function measure(command) {
  const plain = [];
  const wrapped = [];
  const inner = [];
  const cpuMs = [];
  const timeOnly = ['/usr/bin/time', '-f', '%M', '-o', rss, ...command];
  const withBash = [
    '/usr/bin/time',
    '-f',
    '%M',
    '-o',
    rss,
    '/bin/bash',
    '-c',
    CPU_WRAPPER_SCRIPT,
    'w',
    cpu,
    ...command,
  ];
  for (let round = 0; round < rounds + 2; round++) {
    const order = round % 2 ? ['b', 'a'] : ['a', 'b'];
    for (const which of order) {
      if (which === 'a') {
        const ms = await outerWall(timeOnly);
        if (round >= 2) plain.push(ms);
      } else {
        const ms = await outerWall(withBash);
        const report = parseCpuReport(readFileSync(cpu, 'utf8'));
        if (round >= 2) {
          wrapped.push(ms);
          inner.push(report.wallMs);
          cpuMs.push(report.cpuMs);
        }
      }
    }
  }
  return {
    command: command.join(' '),
    rounds,
    gnuTimeOnlyOuterWallMs: median(plain),
    withBashOuterWallMs: median(wrapped),
    withBashInnerWallMs: median(inner),
    bashStartupMs: median(wrapped) - median(plain),
    innerMinusGnuTimeOnlyMs: median(inner) - median(plain),
    cpuMs: median(cpuMs),
    cpuSamples: cpuMs,
  };
}

const results = [];
for (const command of [['/bin/true'], [process.execPath, '-e', '0']]) results.push(await measure(command));
rmSync(scratch, { recursive: true, force: true });
console.log(JSON.stringify({ load: readFileSync('/proc/loadavg', 'utf8').trim(), results }, null, 2));
