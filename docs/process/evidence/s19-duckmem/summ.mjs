/* global process, console */
// Summarise hrun.mjs JSON lines: per variant and backend the peak RSS (MiB) and CPU (s) of every run, medians, and the
// paired ratios of a variant against `base` per round (same backend). Usage: node summ.mjs FILE.jsonl [FILE ...]
import { readFileSync } from 'node:fs';

/**
 * Median of numbers.
 * @param xs - Values.
 * @returns The median.
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

for (const file of process.argv.slice(2)) {
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.name} ${r.backend}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  console.log(
    `## ${file} (${rows.length} runs, load ${Math.min(...rows.map((r) => r.load))}–${Math.max(...rows.map((r) => r.load))})`,
  );
  for (const [key, rs] of groups) {
    console.log(
      `${key}: peak MiB ${rs.map((r) => r.rssMb).join(', ')} (median ${median(rs.map((r) => r.rssMb)).toFixed(1)}); CPU s ${rs.map((r) => (r.cpuMs / 1000).toFixed(2)).join(', ')} (median ${(median(rs.map((r) => r.cpuMs)) / 1000).toFixed(2)}); wall s median ${(median(rs.map((r) => r.wallMs)) / 1000).toFixed(2)}`,
    );
  }
  for (const [key, rs] of groups) {
    const [name, backend] = key.split(' ');
    if (name === 'base') continue;
    const base = groups.get(`base ${backend}`);
    if (!base) continue;
    const byRound = new Map(base.map((r) => [r.round, r]));
    const cpu = rs.filter((r) => byRound.has(r.round)).map((r) => r.cpuMs / byRound.get(r.round).cpuMs);
    const rss = rs.filter((r) => byRound.has(r.round)).map((r) => r.rssMb / byRound.get(r.round).rssMb);
    console.log(
      `${key} / base ${backend} per round: CPU ${cpu.map((x) => x.toFixed(3)).join(', ')} (median ×${median(cpu).toFixed(3)}); peak ${rss.map((x) => x.toFixed(3)).join(', ')} (median ×${median(rss).toFixed(3)})`,
    );
  }
  // DuckDB against SQLite of the same variant, per round.
  for (const [key, rs] of groups) {
    const [name, backend] = key.split(' ');
    if (backend !== 'duckdb' || !groups.has(`${name} sqlite`)) continue;
    const sq = new Map(groups.get(`${name} sqlite`).map((r) => [r.round, r]));
    const pairs = rs.filter((r) => sq.has(r.round));
    const cpu = pairs.map((r) => r.cpuMs / sq.get(r.round).cpuMs);
    const wall = pairs.map((r) => r.wallMs / sq.get(r.round).wallMs);
    console.log(
      `${name}: DuckDB / SQLite per round: CPU ${cpu.map((x) => x.toFixed(3)).join(', ')} (median ×${median(cpu).toFixed(3)}); wall ${wall.map((x) => x.toFixed(3)).join(', ')} (median ×${median(wall).toFixed(3)})`,
    );
  }
}
