/* global process, console */
import { createRequire } from 'node:module';
const [tree, file, which] = process.argv.slice(2);
const require = createRequire(tree + '/package.json');
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const m = await import(tree + '/dist/backends/duckdb/duckdb-derived.js');
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`ATTACH '${file}' AS idx (READ_ONLY)`);
await c.run('SET threads = 1');
const db = m.sessionOf(c);
await c.run('CREATE SCHEMA w');
await m.resolvePairs(db, 'idx', 'memory.w.res');
await c.run('DROP TABLE memory.w.res');
const orig = db.run;
db.run = async (sql) => {
  for (const q of sql.split(';\n')) {
    const pre = `CREATE OR REPLACE TEMP TABLE resolution_${which} AS `;
    if (q.startsWith(pre)) {
      const r = await c.runAndReadAll('EXPLAIN ANALYZE ' + q.slice(pre.length));
      console.log(
        r
          .getRows()
          .map((x) => x[1])
          .join('\n'),
      );
    }
    await orig(q);
  }
};
await m.resolvePairs(db, 'idx', 'memory.w.res');
