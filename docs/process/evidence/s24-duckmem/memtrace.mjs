/* global process */
// Preload (--import) for a build without dist/cli/index-bundle.cjs (the CLI then runs from dist/ modules): logs every
// statement of the DuckDB write session and every appender append/close with the process's RSS before and after, its
// peak during (VmHWM reset through /proc/self/clear_refs), the peak of the gap since the previous event (the
// JavaScript work between them), the JS heap and array buffers, CPU; after each COMMIT / CHECKPOINT it also reads
// `duckdb_memory()` (one extra query, profiling only). With a build whose analysis pool counts the serialized outcomes
// it holds in `globalThis.__held` (a temporary patch, not committed) it logs that too. Env: TRACE_DIST = the build's
// dist folder, TRACE_OUT = JSONL.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
const { NativeWriteConnection: C } = await import(`${process.env.TRACE_DIST}/backends/duckdb/duckdb-native.js`);
const { ArrowTableLoader: L } = await import(`${process.env.TRACE_DIST}/backends/duckdb/duckdb-bulk-load.js`);
const t0 = Date.now();
const out = process.env.TRACE_OUT;

/**
 * VmRSS, RssAnon and VmHWM of this process in MiB.
 * @returns The figures.
 */
function mem() {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]);
  const mib = (x) => Math.round(x / 102.4) / 10;
  return { rss: mib(kb('VmRSS')), anon: mib(kb('RssAnon')), hwm: mib(kb('VmHWM')) };
}

/**
 * Bytes in MiB, one decimal.
 * @param bytes - Bytes.
 * @returns MiB.
 */
function mib(bytes) {
  return Math.round(bytes / 104857.6) / 10;
}

/**
 * JS heap used and array buffers, MiB.
 * @returns The figures.
 */
function js() {
  const m = process.memoryUsage();
  return {
    heap: Math.round(m.heapUsed / 1048576),
    total: Math.round(m.heapTotal / 1048576),
    ab: Math.round(m.arrayBuffers / 1048576),
  };
}

/**
 * Measure one event: the gap since the last reset, then the event itself.
 * @param kind - Event label.
 * @param fn - The work (sync or async).
 * @returns Its result.
 */
async function event(kind, fn) {
  const gap = mem();
  writeFileSync('/proc/self/clear_refs', '5');
  const c0 = process.cpuUsage();
  const s0 = Date.now();
  const r = await fn();
  const c = process.cpuUsage(c0);
  const m = mem();
  const line = {
    t: s0 - t0,
    ms: Date.now() - s0,
    cpu: Math.round((c.user + c.system) / 1000),
    gapPeak: gap.hwm,
    before: gap.rss,
    peak: m.hwm,
    after: m.rss,
    anon: m.anon,
    ...js(),
    ...(globalThis.__held === undefined ? {} : { held: mib(globalThis.__held), heldMax: mib(globalThis.__heldMax) }),
    kind,
  };
  writeFileSync('/proc/self/clear_refs', '5');
  appendFileSync(out, JSON.stringify(line) + '\n');
  return r;
}

const origRows = C.prototype.rows;
for (const name of ['run', 'rows']) {
  const orig = C.prototype[name];
  C.prototype[name] = async function (sql) {
    let r;
    for (const p of sql.split(';\n')) {
      const text = p.replace(/\s+/g, ' ').trim().slice(0, 100);
      r = await event(text, () => orig.call(this, p));
      if (/^(COMMIT|CHECKPOINT|SET threads)/.test(text) && process.env.TRACE_DUCKMEM) {
        const rows = await origRows.call(
          this,
          "SELECT tag || ':' || (memory_usage_bytes // 1048576)::VARCHAR || ':' || (temporary_storage_bytes // 1048576)::VARCHAR FROM duckdb_memory() WHERE memory_usage_bytes > 1048575 OR temporary_storage_bytes > 1048575",
        );
        appendFileSync(out, JSON.stringify({ t: Date.now() - t0, duckmem: rows.map((x) => String(x[0])) }) + '\n');
      }
    }
    return r;
  };
}
for (const name of ['append', 'close']) {
  const orig = L.prototype[name];
  L.prototype[name] = function (...args) {
    let r;
    // synchronous: measure inline
    const gap = mem();
    writeFileSync('/proc/self/clear_refs', '5');
    const c0 = process.cpuUsage();
    const s0 = Date.now();
    r = orig.apply(this, args);
    const c = process.cpuUsage(c0);
    const m = mem();
    appendFileSync(
      out,
      JSON.stringify({
        t: s0 - t0,
        ms: Date.now() - s0,
        cpu: Math.round((c.user + c.system) / 1000),
        gapPeak: gap.hwm,
        before: gap.rss,
        peak: m.hwm,
        after: m.rss,
        anon: m.anon,
        ...js(),
        kind: `${name} ${this.table}${args[0]?.numRows ? ' ' + args[0].numRows : ''}`,
      }) + '\n',
    );
    writeFileSync('/proc/self/clear_refs', '5');
    return r;
  };
}
process.on('exit', () => {
  const m = mem();
  appendFileSync(out, JSON.stringify({ t: Date.now() - t0, kind: 'exit', gapPeak: m.hwm, ...js() }) + '\n');
});
