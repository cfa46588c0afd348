/* global process, console */
// CPU and RSS of a full run's index builds on a copy of a published DuckDB index file, in a fresh process with the
// writer's end-of-run settings (one thread, 256 MB, allocator flush threshold 8 MB): every index of the file is
// dropped and the file checkpointed, then the given indexes are built in the given order, each followed by the
// writer's re-attach (checkpoint, detach, attach, allocator flush) unless NO_REATTACH=1. Profiling only.
// Usage: node buildprobe.mjs INDEX_FILE name:table:column[,...]
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Current RSS of this process and its peak since the last reset, in MiB.
 * @returns The two figures.
 */
function status() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const mib = (key) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)[1]) / 1024);
  return { rss: mib('VmRSS'), hwm: mib('VmHWM') };
}

/**
 * Run statements; report RSS before, peak, after and CPU.
 * @param connection - DuckDB connection.
 * @param statements - SQL.
 * @returns The figures.
 */
async function measured(connection, statements) {
  writeFileSync('/proc/self/clear_refs', '5');
  const start = status();
  const cpu = process.cpuUsage();
  for (const sql of statements) await connection.run(sql);
  const used = process.cpuUsage(cpu);
  const end = status();
  return { before: start.rss, peak: end.hwm, after: end.rss, cpuMs: Math.round((used.user + used.system) / 1000) };
}

const [source, list] = process.argv.slice(2);
const scratch = `${source}.probe-${process.pid}`;
copyFileSync(source, scratch);
const instance = await DuckDBInstance.create(':memory:', {
  threads: '1',
  memory_limit: '256MB',
  allocator_flush_threshold: '8MB',
});
const connection = await instance.connect();
const reattach = [`CHECKPOINT idx`, `DETACH idx`, `ATTACH '${scratch}' AS idx`, 'SET threads = 2', 'SET threads = 1'];
await connection.run(`ATTACH '${scratch}' AS idx`);
const existing = await connection.runAndReadAll("SELECT index_name FROM duckdb_indexes() WHERE database_name = 'idx'");
for (const [name] of existing.getRows()) await connection.run(`DROP INDEX idx.${name}`);
for (const sql of reattach) await connection.run(sql);
const results = [];
for (const spec of list.split(',')) {
  const [name, table, column] = spec.split(':');
  const build = await measured(connection, [`CREATE INDEX ${name} ON idx.${table} (${column})`]);
  const after = process.env.NO_REATTACH === '1' ? null : await measured(connection, reattach);
  results.push({ name, ...build, reattachCpuMs: after?.cpuMs ?? 0 });
}
console.log(JSON.stringify({ source, order: list, results }));
rmSync(scratch, { force: true });
rmSync(`${scratch}.wal`, { force: true });
