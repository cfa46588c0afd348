/* global process */
// Preload (--import): time every statement of the DuckDB write session (wall and process CPU), split on ';\n'.
import { appendFileSync } from 'node:fs';
const { NativeWriteConnection: C } = await import(`${process.env.TRACE_DIST}/backends/duckdb/duckdb-native.js`);
const log = [];
for (const name of ['run', 'rows']) {
  const orig = C.prototype[name];
  C.prototype[name] = async function (sql) {
    const parts = sql.split(';\n');
    let r;
    for (const p of parts) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      r = await orig.call(this, p);
      const c = process.cpuUsage(c0);
      log.push({
        ms: Number(process.hrtime.bigint() - t0) / 1e6,
        cpu: (c.user + c.system) / 1000,
        sql: p.replace(/\s+/g, ' ').slice(0, 160),
      });
    }
    return r;
  };
}
process.on('exit', () => {
  if (log.length) appendFileSync(process.env.TRACE_OUT, JSON.stringify(log) + '\n');
});
