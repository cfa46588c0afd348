/* global process, console */
// Peak RSS of one DuckDB statement on a copy of an index file, in a fresh process with the writer's settings (one
// thread, the given buffer limit, the full run's allocator settings). VmHWM is reset through /proc/self/clear_refs
// right before the statement, so the figure is the statement's own peak. Profiling only (session 20, s20-hint).
// Usage: node stmtmem.mjs INDEX_FILE VARIANT [MEMORY_LIMIT]
//   VARIANT: copy-<table> (CREATE TABLE AS SELECT * into a new 16 KiB-block file, then CHECKPOINT),
//            index-hint | index-hash | index-caller (one CREATE INDEX on a writable copy),
//            sorted-hint (a (hash(hint), file_id, ordinal) table ordered by the hash, for zone maps).
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Current and peak RSS of this process.
 * @returns MiB.
 */
function status() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const mib = (key) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)[1]) / 1024);
  return { rss: mib('VmRSS'), hwm: mib('VmHWM') };
}

/**
 * Run statements and report the start RSS, the peak, the end RSS and the CPU they took.
 * @param connection - DuckDB connection.
 * @param statements - SQL statements.
 * @returns [start, peak, end, cpu ms].
 */
async function measured(connection, statements) {
  writeFileSync('/proc/self/clear_refs', '5');
  const start = status();
  const cpu = process.cpuUsage();
  for (const sql of statements) await connection.run(sql);
  const used = process.cpuUsage(cpu);
  const end = status();
  return [start.rss, end.hwm, end.rss, Math.round((used.user + used.system) / 1000)];
}

const [source, variant, limit = '256MB'] = process.argv.slice(2);
const scratch = `${source}.stmtmem-${process.pid}`;
const instance = await DuckDBInstance.create(':memory:', {
  threads: '1',
  memory_limit: limit,
  allocator_flush_threshold: '8MB',
  allocator_background_threads: 'true',
});
const connection = await instance.connect();
const out = { variant, limit };
if (variant.startsWith('copy-')) {
  await connection.run(`ATTACH '${source}' AS src (READ_ONLY)`);
  await connection.run(`ATTACH '${scratch}' AS dst (BLOCK_SIZE 16384, STORAGE_VERSION 'v1.4.0')`);
  await connection.run("SET checkpoint_threshold = '1TB'");
  out.copy = await measured(connection, [`CREATE TABLE dst.t AS SELECT * FROM src.${variant.slice(5)}`]);
  await connection.run('SET threads = 2; SET threads = 1');
  out.checkpoint = await measured(connection, ['CHECKPOINT dst']);
} else {
  copyFileSync(source, scratch);
  await connection.run(`ATTACH '${scratch}' AS idx`);
  await connection.run('DROP INDEX IF EXISTS idx.calls_by_hint; CHECKPOINT idx; SET threads = 2; SET threads = 1');
  const column = { 'index-hint': 'target_hint', 'index-hash': 'hash(target_hint)', 'index-caller': 'caller_id' }[
    variant
  ];
  out.build = await measured(connection, [
    variant === 'sorted-hint'
      ? `CREATE TABLE idx.call_hints AS SELECT hash(target_hint) AS h, file_id, ordinal FROM idx.calls
         WHERE target_hint IS NOT NULL ORDER BY h`
      : `CREATE INDEX probe ON idx.calls (${column})`,
  ]);
}
console.log(JSON.stringify(out));
rmSync(scratch, { force: true });
