/* global process, console */
// dqd.mjs TREE INDEXFILE N : DuckDB resolvePairs over a built index (threads=1), CPU per run (ms) + answer hash
import { createRequire } from 'node:module';
const [tree, file, n = '5'] = process.argv.slice(2);
const require = createRequire(tree + '/package.json');
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const { resolvePairs, sessionOf } = await import(tree + '/dist/backends/duckdb/duckdb-derived.js');
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`ATTACH '${file}' AS idx (READ_ONLY)`);
await c.run('SET threads = 1');
const db = sessionOf(c);
const out = [];
for (let i = 0; i < Number(n); i++) {
  await c.run('CREATE SCHEMA IF NOT EXISTS memory.w');
  const t = process.cpuUsage();
  await resolvePairs(db, 'idx', 'memory.w.res');
  const u = process.cpuUsage(t);
  out.push(((u.user + u.system) / 1000).toFixed(1));
  if (i === 0) {
    const r = await c.runAndReadAll('SELECT count(*), sum(hash(hint, text, target_id)) FROM memory.w.res');
    console.log('hash', String(r.getRows()[0]));
  }
  await c.run('DROP TABLE memory.w.res');
}
console.log('ms', out.join(' '), 'rewritable', (globalThis.__rw ?? []).join(' '));
