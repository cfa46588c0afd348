/* global process, console */
// Cost of an edge lookup by owner (`caller_id IN (...)` / `owner_id IN (...)`, the reader's form) on a copy of a
// published DuckDB index file, with or without the owner column's ART index, in a fresh process (read-only attach,
// one thread, as a read command opens it). For list sizes 1, 3, 10, 100 (owners picked at a fixed stride), prints the
// first run's CPU (a read command's case: cold blocks) and the median of 9 more, per variant. Profiling only.
// Usage: node lookprobe.mjs INDEX_FILE TABLE COLUMN INDEX_NAME keep|drop
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, rmSync } from 'node:fs';

/**
 * Median of numbers.
 * @param xs - Numbers.
 * @returns The median.
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const [source, table, column, index, mode] = process.argv.slice(2);
const file = `${source}.look-${process.pid}`;
copyFileSync(source, file);
if (mode === 'drop') {
  const w = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  await w.run(`ATTACH '${file}' AS idx; DROP INDEX idx.${index}; CHECKPOINT idx; DETACH idx`);
  w.closeSync?.();
}
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const c = await instance.connect();
await c.run(`ATTACH '${file}' AS idx (READ_ONLY); USE idx`);
const owners = (await c.runAndReadAll(`SELECT DISTINCT ${column} FROM ${table} ORDER BY 1`)).getRows().map((r) => r[0]);
const out = { table, column, mode };
for (const n of [1, 3, 10, 100]) {
  const stride = Math.floor(owners.length / (n + 1));
  const ids = Array.from({ length: n }, (_, i) => owners[(i + 1) * stride]);
  const sql = `SELECT ${column}, target_id, file_id, line, ordinal FROM ${table} WHERE ${column} IN (${ids.join(', ')})`;
  const times = [];
  let rows = 0;
  for (let i = 0; i < 10; i++) {
    const t = process.cpuUsage();
    rows = (await c.runAndReadAll(sql)).getRows().length;
    const u = process.cpuUsage(t);
    times.push((u.user + u.system) / 1000);
  }
  out[`n${n}`] = {
    rows,
    firstMs: Math.round(times[0] * 100) / 100,
    medianMs: Math.round(median(times.slice(1)) * 100) / 100,
  };
}
console.log(JSON.stringify(out));
rmSync(file, { force: true });
