#!/usr/bin/env python3
"""instrument.py BUILD: wrap the SQLite derived step's statements of BUILD's dist with timers ($SQLD_TIMES jsonl)
and optional EXPLAIN QUERY PLAN ($SQLD_PLAN=1)."""
import sys, re
p = f'{sys.argv[1]}/dist/backends/sqlite/sqlite-derived.js'
s = open(p).read()
head = r'''
import { appendFileSync as __append } from 'node:fs';
const __T = process.env.SQLD_TIMES;
function __log(label, sql, c0, t0, db) {
  const c = process.cpuUsage(c0);
  const rec = { s: label + ' ' + sql.trim().replace(/\s+/g, ' ').slice(0, 110), wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  __append(__T, JSON.stringify(rec) + '\n');
}
function __plan(db, raw, sql) {
  if (!process.env.SQLD_PLAN) return;
  try { const rows = raw.call(db, 'EXPLAIN QUERY PLAN ' + sql).all(); __append(__T, JSON.stringify({ plan: sql.trim().replace(/\s+/g, ' ').slice(0, 200), rows: rows.map(r => `${r.id}/${r.parent} ${r.detail}`) }) + '\n'); } catch (e) { __append(__T, JSON.stringify({ planerr: String(e), sql: sql.slice(0,100) }) + '\n'); }
}
function __wrap(db) {
  if (!__T || db.__wrapped) return db;
  const ex = db.exec.bind(db); const prep = db.prepare;
  db.exec = (sql) => { for (const st of sql.split(/;\s*\n/)) { if (!st.trim()) continue; __plan(db, prep, st); const c0 = process.cpuUsage(), t0 = performance.now(); ex(st); __log('exec', st, c0, t0, db); if (process.env.SQLD_CHANGES) __append(__T, JSON.stringify({ changes: prep.call(db, 'SELECT changes()').pluck().get(), sql: st.trim().replace(/\s+/g, ' ').slice(0, 80) }) + '\n'); } return db; };
  db.prepare = (sql) => { const stmt = prep.call(db, sql); for (const m of ['run', 'all', 'get']) { const f = stmt[m]; stmt[m] = (...a) => { __plan(db, prep, sql); const c0 = process.cpuUsage(), t0 = performance.now(); const r = f.apply(stmt, a); __log(m, sql, c0, t0, db); return r; }; } return stmt; };
  db.__wrapped = true; return db;
}
'''
s = s.replace("import { dropOrphanHints", head + "\nimport { dropOrphanHints", 1)
# wrap at entry of rebuildIncremental
s, n = re.subn(r'(export function rebuildIncremental\(db, [^)]*\) \{)', r'\1\n    db = __wrap(db); const __c0 = process.cpuUsage(), __t0 = performance.now();', s)
assert n == 1
s, n = re.subn(r"(\n    DELETE FROM temp.affected;`\);)", r"\1\n    if (__T) __log('TOTAL', 'rebuildIncremental', __c0, __t0, db);", s)
assert n == 1, n
open(p, 'w').write(s)
