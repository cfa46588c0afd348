/* global process, console */
// Summarize stmtrss.mjs traces: per CREATE INDEX its CPU, wall, RSS before / peak during / after, and the CPU of the
// statements that follow it up to the next build (the re-attach: CHECKPOINT, DETACH, ATTACH, SET threads).
// Usage: node tsum.mjs TRACE.jsonl
import { readFileSync } from 'node:fs';

for (const line of readFileSync(process.argv[2], 'utf8').trim().split('\n')) {
  const log = JSON.parse(line);
  const total = log.reduce((a, x) => a + x.cpu, 0);
  const peak = Math.max(...log.map((x) => x.peak));
  console.log(`${log.length} statements, CPU ${total.toFixed(0)} ms, highest statement peak ${peak} MiB`);
  const first = log.findIndex((x) => x.sql.startsWith('CREATE INDEX'));
  if (first < 0) continue;
  const pre = log.slice(
    log.findIndex((x) => x.sql.startsWith('COMMIT')),
    first,
  );
  const sum = (xs) => xs.reduce((a, x) => a + x.cpu, 0).toFixed(0);
  console.log(`before the builds (COMMIT .. first build): ${pre.length} statements, CPU ${sum(pre)} ms`);
  console.log('index                 cpu ms  wall ms  before  peak  after  | following statements cpu ms (peak)');
  for (let i = first; i < log.length; i++) {
    const x = log[i];
    if (!x.sql.startsWith('CREATE INDEX')) continue;
    let j = i + 1;
    while (j < log.length && !log[j].sql.startsWith('CREATE INDEX')) j++;
    const tail = log.slice(i + 1, j);
    const name = x.sql.split(' ')[2];
    console.log(
      `${name.padEnd(20)} ${x.cpu.toFixed(0).padStart(7)} ${x.ms.toFixed(0).padStart(8)} ${String(x.before).padStart(7)} ${String(x.peak).padStart(5)} ${String(x.after).padStart(6)}  | ${sum(tail)} (${Math.max(0, ...tail.map((t) => t.peak))}) ${tail.map((t) => t.sql.split(' ')[0] + ':' + t.cpu.toFixed(0)).join(' ')}`,
    );
  }
}
