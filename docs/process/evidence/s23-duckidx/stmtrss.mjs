/* global process */
// Preload (--import) for a build without dist/cli/index-bundle.cjs (the CLI then runs from dist/ modules): times every
// statement of the DuckDB write session (wall, process CPU) and reads the process's RSS after it and its peak RSS
// during it (VmHWM, reset through /proc/self/clear_refs before the statement). s17-duckderive's trace2.mjs plus RSS.
// Env: TRACE_DIST = the build's dist folder, TRACE_OUT = JSONL file (one array per process).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
const { NativeWriteConnection: C } = await import(`${process.env.TRACE_DIST}/backends/duckdb/duckdb-native.js`);
const log = [];

/**
 * Read VmRSS and VmHWM of this process in MiB.
 * @returns The two figures.
 */
function mem() {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]);
  return { rss: Math.round(kb('VmRSS') / 102.4) / 10, hwm: Math.round(kb('VmHWM') / 102.4) / 10 };
}

for (const name of ['run', 'rows']) {
  const orig = C.prototype[name];
  C.prototype[name] = async function (sql) {
    let r;
    for (const p of sql.split(';\n')) {
      const before = mem().rss;
      writeFileSync('/proc/self/clear_refs', '5');
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      r = await orig.call(this, p);
      const c = process.cpuUsage(c0);
      const m = mem();
      log.push({
        ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10,
        cpu: Math.round((c.user + c.system) / 100) / 10,
        before,
        peak: m.hwm,
        after: m.rss,
        sql: p.replace(/\s+/g, ' ').slice(0, 120),
      });
    }
    return r;
  };
}
process.on('exit', () => {
  if (log.length) appendFileSync(process.env.TRACE_OUT, JSON.stringify(log) + '\n');
});
