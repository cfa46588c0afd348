/* global process, console, performance */
// The overlay derived step's key lookups (`duckdb-overlay-derived.ts`) for an edit that touches every symbol key of
// one file, on variants of one index file, each a copy with some ART indexes dropped: `hint_keys` by the file's keys
// (the stale hints), `calls` / `refs` by the stale hints (literal lists ≤ 256, as the writer sends them), and
// `symbol_keys` by the stale hints' last name part (a stand-in for the scope lookup). Best of 3 wall per lookup, per
// file, median over the sampled files. Profiling only; s20-hint's hintlookup.mjs extended.
// Usage: node keyprobe.mjs FILES INDEX_FILE LABEL=DROPPED[+DROPPED...] ...
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, rmSync } from 'node:fs';

/**
 * A SQL string literal.
 * @param text - The string.
 * @returns The literal.
 */
function quoted(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Median of numbers.
 * @param xs - Numbers.
 * @returns The median.
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const [count, source, ...specs] = process.argv.slice(2);
const variants = [];
for (const spec of specs) {
  const [label, dropped = ''] = spec.split('=');
  const file = `${source}.key-${label}-${process.pid}`;
  copyFileSync(source, file);
  const w = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  await w.run(`ATTACH '${file}' AS idx`);
  for (const name of dropped.split('+').filter(Boolean)) await w.run(`DROP INDEX idx.${name}`);
  await w.run('CHECKPOINT idx; DETACH idx');
  const c = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  await c.run(`ATTACH '${file}' AS idx (READ_ONLY)`);
  variants.push({ label, file, c, times: { hintKeys: [], calls: [], refs: [], symbolKeys: [] } });
}
const read = async (c, sql) => (await c.runAndReadAll(sql)).getRowsJS();
const first = variants[0].c;
const fileIds = (await read(first, `SELECT id FROM idx.files ORDER BY hash(id) LIMIT ${Number(count)}`)).map(Number);
let used = 0;
for (const fileId of fileIds) {
  const keys = (await read(first, `SELECT DISTINCT key FROM idx.symbol_keys WHERE file_id = ${fileId}`)).map(
    (r) => r[0],
  );
  if (keys.length === 0) continue;
  const keySql = `SELECT DISTINCT hint FROM idx.hint_keys WHERE key IN (${keys.map(quoted).join(', ')})`;
  const stale = (await read(first, keySql)).map((r) => r[0]);
  if (stale.length === 0 || stale.length > 256) continue;
  used++;
  const list = stale.map(quoted).join(', ');
  const names = [...new Set(stale.map((h) => h.split('.').pop()))].map(quoted).join(', ');
  const sqls = {
    hintKeys: keySql,
    calls: `SELECT count(*) FROM idx.calls WHERE target_hint IN (${list})`,
    refs: `SELECT count(*) FROM idx.refs WHERE target_hint IN (${list})`,
    symbolKeys: `SELECT count(*) FROM idx.symbol_keys WHERE key IN (${names})`,
  };
  for (const v of variants) {
    for (const [what, sql] of Object.entries(sqls)) {
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        await read(v.c, sql);
        best = Math.min(best, performance.now() - t);
      }
      v.times[what].push(best);
    }
  }
}
console.log(`${source}: ${used} files`);
for (const v of variants) {
  const m = Object.fromEntries(Object.entries(v.times).map(([k, t]) => [k, Math.round(median(t) * 100) / 100]));
  console.log(JSON.stringify({ label: v.label, ...m }));
  rmSync(v.file, { force: true });
}
