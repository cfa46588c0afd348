/* global process, console */
// hopprof.mjs TREE INDEXFILE : DuckDB profile of the export tables + export hops statements
import { createRequire } from 'node:module';
const [tree, file] = process.argv.slice(2);
const require = createRequire(tree + '/package.json');
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const m = await import(tree + '/dist/backends/duckdb/duckdb-derived.js');
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`ATTACH '${file}' AS idx (READ_ONLY)`);
await c.run('SET threads = 1');
// warm
const db = m.sessionOf(c);
await c.run('CREATE SCHEMA w');
await m.resolvePairs(db, 'idx', 'memory.w.res');
await c.run('DROP TABLE memory.w.res');
const orig = db.run;
const times = [];
db.run = async (sql) => {
  for (const q of sql.split(';\n')) {
    const t = process.cpuUsage();
    await orig(q);
    const u = process.cpuUsage(t);
    times.push([((u.user + u.system) / 1000).toFixed(1), q.slice(0, 70).replace(/\s+/g, ' ')]);
  }
};
const origRows = db.rows;
db.rows = async (sql) => {
  const t = process.cpuUsage();
  const r = await origRows(sql);
  const u = process.cpuUsage(t);
  times.push([((u.user + u.system) / 1000).toFixed(1), 'ROWS ' + sql.slice(0, 60).replace(/\s+/g, ' ')]);
  return r;
};
for (let i = 0; i < 3; i++) {
  times.length = 0;
  await m.resolvePairs(db, 'idx', 'memory.w.res');
  await c.run('DROP TABLE memory.w.res');
}
for (const [ms, q] of times) if (Number(ms) >= 0.8) console.log(ms, q);
